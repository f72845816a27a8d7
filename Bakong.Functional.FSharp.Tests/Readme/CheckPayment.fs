module Bakong.Functional.FSharp.Tests.Readme.CheckPayment
