module Bakong.Functional.FSharp.Tests.PatternTests
