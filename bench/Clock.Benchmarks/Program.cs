using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;

// Run with --affinity 1 to pin the benchmark process to one core (see bench/README.md).
BenchmarkSwitcher.FromAssembly(typeof(DueDateBenchmarks).Assembly).Run(args);

/// <summary>
/// A 20-working-day deadline with one consultation pause, for 1,000 different receipt dates spread over
/// 2019–2026 (so no answer is cached): the indexed clock next to a day-by-day loop over the same calendar.
/// </summary>
[MemoryDiagnoser]
public class DueDateBenchmarks
{
    private const int Cases = 1000;
    private WorkingCalendar calendar = null!;
    private DateOnly[] bases = null!;
    private PausedSpan[][] pauses = null!;
    private CaseEvent[][] events = null!;

    [GlobalSetup]
    public void Setup()
    {
        calendar = WorkingCalendar.Bundled;
        var random = new Random(42);
        var first = new DateOnly(2019, 5, 15).DayNumber;
        var last = new DateOnly(2026, 10, 31).DayNumber;
        bases = new DateOnly[Cases];
        pauses = new PausedSpan[Cases][];
        events = new CaseEvent[Cases][];
        for (var i = 0; i < Cases; i++)
        {
            bases[i] = DateOnly.FromDayNumber(random.Next(first, last));
            var sent = bases[i].AddDays(random.Next(1, 10));
            var reply = sent.AddDays(random.Next(1, 20));
            pauses[i] = [new PausedSpan(sent, reply)];
            var id = Guid.NewGuid();
            events[i] =
            [
                new Registered(bases[i], Channel.InPerson, null, bases[i]),
                new ConsultationSent(id, ConsultationKind.ThirdParty, "某公司", sent),
                new ConsultationReplied(id, reply, true),
            ];
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Cases, Description = "naive day-by-day loop")]
    public int NaiveLoop()
    {
        var sum = 0;
        for (var i = 0; i < Cases; i++) sum += Naive(bases[i], 20, pauses[i][0]).DayNumber;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Cases, Description = "StatutoryClock.DueDate (index)")]
    public int Indexed()
    {
        var sum = 0;
        for (var i = 0; i < Cases; i++) sum += StatutoryClock.DueDate(calendar, bases[i], 20, pauses[i]).DayNumber;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Cases, Description = "StatutoryClock.Compute (from events)")]
    public int FromEvents()
    {
        var sum = 0;
        for (var i = 0; i < Cases; i++) sum += StatutoryClock.Compute(events[i], calendar).DueOn!.Value.DayNumber;
        return sum;
    }

    private DateOnly Naive(DateOnly date, int workingDays, PausedSpan pause)
    {
        while (workingDays > 0)
        {
            date = date.AddDays(1);
            if (calendar.IsWorkingDay(date) && !(date > pause.After && date <= pause.Until)) workingDays--;
        }

        return date;
    }
}
