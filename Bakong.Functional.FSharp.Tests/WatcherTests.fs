module Bakong.Functional.FSharp.Tests.WatcherTests
