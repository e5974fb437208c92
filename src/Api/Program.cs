using CaseTracker.Api.Hosting;

// A verb as the first argument runs that verb; otherwise the web service runs with the standard host arguments.
// A refusal to start (a missing setting) is one sentence in Chinese and English and exit code 2, for the service and every verb.
return await ServerEnvironment.RefusingToStart(async () =>
{
    switch (args.FirstOrDefault())
    {
        case "migrate":
            return Verbs.Migrate(args[1..]);
        case "token":
            return await Verbs.Token(args[1..]);
        case "user":
            return await Verbs.User(args[1..]);
        case "worker":
            return await WorkerHost.Run(args[1..]);
        case "import":
            return await Verbs.Import(args[1..]);
    }

    var app = ApiHost.Build(args);
    await app.RunAsync();
    return 0;
});

public partial class Program;
