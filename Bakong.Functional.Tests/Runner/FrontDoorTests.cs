using Bakong.Functional.Tests.Support;

namespace Bakong.Functional.Tests.Runner;

public class FrontDoorTests
{
    private static readonly BakongClient Client = new(new HttpClient(), new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1:9/") });

    [Fact]
    public async Task A_default_Fin_endpoint_is_invalid_input_through_both_doors_and_sends_nothing()
    {
        // A default Fin is neither a value nor an error, and LanguageExt throws when it is cast.
        var viaTask = await Client.SendAsync(default(Fin<Endpoint<Transaction>>));
        var viaAff = await Client.Send(default(Fin<Endpoint<Transaction>>)).Run();

        Assert.True(viaTask.FailAs<BakongError.InvalidInput, Transaction>().Names("endpoint"));
        Assert.True(viaAff.FailAs<BakongError.InvalidInput, Transaction>().Names("endpoint"));
    }

    [Fact]
    public async Task A_null_endpoint_is_invalid_input_through_both_doors()
    {
        Assert.True((await Client.SendAsync((Endpoint<Transaction>?)null)).FailAs<BakongError.InvalidInput, Transaction>().Names("endpoint"));
        Assert.True((await Client.Send((Endpoint<Transaction>?)null).Run()).FailAs<BakongError.InvalidInput, Transaction>().Names("endpoint"));
    }
}
