module Bakong.Functional.FSharp.Tests.QrTests
