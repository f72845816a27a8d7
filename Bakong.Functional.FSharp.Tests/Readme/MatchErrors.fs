module Bakong.Functional.FSharp.Tests.Readme.MatchErrors
