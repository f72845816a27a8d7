open Bakong.Functional.FSharp

let args = System.Environment.GetCommandLineArgs()
let client = Bakong.client args[1] |> Bakong.withToken args[2]
let answer = task {
    match! args[3] |> Bakong.checkMd5 |> Bakong.send client with
    | Ok (Some t) -> return $"paid {t.Amount} {t.Currency}"
    | Ok None -> return "not paid yet"
    | Error e -> return e.Summary }
printfn "%s" answer.Result
