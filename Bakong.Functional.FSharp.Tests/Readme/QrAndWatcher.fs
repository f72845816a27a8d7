module Bakong.Functional.FSharp.Tests.Readme.QrAndWatcher
