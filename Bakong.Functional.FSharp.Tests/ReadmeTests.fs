module Bakong.Functional.FSharp.Tests.ReadmeTests
