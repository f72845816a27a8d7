module Bakong.Functional.FSharp.Tests.ExhaustivenessTests
