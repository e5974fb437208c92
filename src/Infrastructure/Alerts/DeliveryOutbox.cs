using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Alerts;

/// <summary>How a delivery goes out: to the agency's webhook or by e-mail to its alert address.</summary>
public enum DeliveryChannel
{
    Webhook,
    Email,
}

/// <summary>A claimed row of the outbox: one alert (or digest) to one channel of one agency.</summary>
public sealed class OutboxDelivery
{
    /// <summary>The delivery's idempotency key: the same on every re-send, so a receiver can drop a duplicate.</summary>
    public string Id { get; init; } = "";
    public string Channel { get; init; } = "";
    public string Kind { get; init; } = "";
    public string AgencyCode { get; init; } = "";
    public string? AlertId { get; init; }
    public DateOnly? DigestDay { get; init; }
    public string Source { get; init; } = "";
    public int Attempts { get; init; }
}

/// <summary>A batch claimed by one drain: deliveries of one agency and channel (and, for e-mail, one source).</summary>
public sealed record OutboxBatch(string ClaimId, DeliveryChannel Channel, bool IsDigest, string AgencyCode, IReadOnlyList<OutboxDelivery> Deliveries);

/// <summary>
/// The delivery outbox (table <c>delivery_outbox</c>): rows queued in the transaction that raised the alerts, claimed by a
/// drain with a state-guarded UPDATE (a row is claimed by one drain at a time, on every engine and instance; a claim that
/// lapses, because its process died, makes the row claimable again), then marked delivered or put back with back-off.
/// </summary>
public sealed class DeliveryOutbox(DbSession session)
{
    /// <summary>A webhook call carries at most this many alerts of one agency (security.md "Outbound calls").</summary>
    public const int WebhookBatchSize = 100;

    /// <summary>The last attempt: a row that fails this often is marked Failed and left for an administrator.</summary>
    public const int MaxAttempts = 8;

    private const string Alert = "Alert";
    private const string Digest = "Digest";

    private static readonly string[] Columns =
        ["id", "dedupe_key", "channel", "kind", "agency_code", "alert_id", "digest_day", "source", "state", "attempts", "next_attempt_at", "queued_at"];

    // Claimable: waiting and due, or claimed by a drain whose claim has lapsed (it died mid-send: at-least-once).
    private const string Claimable = "((state = 'Pending' AND next_attempt_at <= @now) OR (state = 'Sending' AND claimed_until < @now))";

    private sealed class Head
    {
        public string Channel { get; init; } = "";
        public string Kind { get; init; } = "";
        public string AgencyCode { get; init; } = "";
        public string Source { get; init; } = "";
        public string Id { get; init; } = "";
    }

    /// <summary>
    /// Queues the alerts <paramref name="alertIds"/> of their agencies for <paramref name="channel"/>, inside the caller's
    /// transaction (the one that raised them); an alert already queued for the channel is skipped. <paramref name="source"/>
    /// names the scan or command (one e-mail per agency and source). Returns the rows queued.
    /// </summary>
    public Task<int> QueueAlerts(IReadOnlyList<(string AlertId, string AgencyCode)> alertIds, DeliveryChannel channel, string source, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var rows = alertIds.Select(a => new object?[]
        {
            Guid.CreateVersion7().ToString(), $"{a.AlertId}/{channel}", channel.ToString(), Alert, a.AgencyCode, a.AlertId, null, source, "Pending", 0, now, now,
        }).ToList();
        return session.InsertRows("delivery_outbox", Columns, rows, cancellationToken, skipExisting: "dedupe_key");
    }

    /// <summary>Queues the morning digest of <paramref name="day"/> (China date) for each agency once per channel. Returns the rows queued.</summary>
    public Task<int> QueueDigests(IReadOnlyList<string> agencies, DeliveryChannel channel, DateOnly day, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var source = $"digest/{day:yyyy-MM-dd}";
        var rows = agencies.Select(a => new object?[]
        {
            Guid.CreateVersion7().ToString(), $"{source}/{a}/{channel}", channel.ToString(), Digest, a, null, day, source, "Pending", 0, now, now,
        }).ToList();
        return session.InsertRows("delivery_outbox", Columns, rows, cancellationToken, skipExisting: "dedupe_key");
    }

    /// <summary>Whether a digest of <paramref name="day"/> (China date) was queued, for any agency and channel.</summary>
    public async Task<bool> DigestQueued(DateOnly day, CancellationToken cancellationToken)
        => await session.ExecuteScalar<int>("SELECT COUNT(*) FROM delivery_outbox WHERE kind = 'Digest' AND digest_day = @day", new { day }, cancellationToken) > 0;

    /// <summary>
    /// Claims the next batch that is due at <paramref name="now"/> until <paramref name="claimedUntil"/>: the oldest due row's
    /// agency and channel, up to <see cref="WebhookBatchSize"/> alerts for a webhook, every due alert of the row's source for
    /// an e-mail, a digest alone. The UPDATE re-checks the state, so a row another drain claimed first is left out. Null when
    /// nothing is due.
    /// </summary>
    public async Task<OutboxBatch?> ClaimNext(DateTimeOffset now, DateTimeOffset claimedUntil, CancellationToken cancellationToken)
    {
        for (var tries = 0; tries < 5; tries++)
        {
            var head = await session.QuerySingleOrDefault<Head>(
                session.Dialect.Page($"SELECT channel, kind, agency_code, source, id FROM delivery_outbox WHERE {Claimable} ORDER BY queued_at, id"),
                new { now, offset = 0, limit = 1 }, cancellationToken);
            if (head is null) return null;
            var channel = Enum.Parse<DeliveryChannel>(head.Channel);
            var parameters = new Dapper.DynamicParameters(new
            {
                now, claim = Guid.CreateVersion7().ToString(), until = claimedUntil, agency = head.AgencyCode, channel = head.Channel, source = head.Source,
                id = head.Id,
            });
            string which;
            if (head.Kind == Digest) which = "id = @id";
            else if (channel == DeliveryChannel.Email) which = "kind = 'Alert' AND agency_code = @agency AND channel = @channel AND source = @source";
            else
            {
                var ids = await session.Query<string>(session.Dialect.Page($"""
                    SELECT id FROM delivery_outbox WHERE kind = 'Alert' AND agency_code = @agency AND channel = @channel AND {Claimable} ORDER BY queued_at, id
                    """), new { now, agency = head.AgencyCode, channel = head.Channel, offset = 0, limit = WebhookBatchSize }, cancellationToken);
                parameters.Add("ids", ids.ToArray());
                which = session.Dialect.InList("id", "ids");
            }

            if (await Claim(which, parameters, cancellationToken) is { } batch) return batch;
        }

        return null;
    }

    private async Task<OutboxBatch?> Claim(string which, Dapper.DynamicParameters parameters, CancellationToken cancellationToken)
    {
        await session.Begin(cancellationToken);
        try
        {
            await session.Execute($"""
                UPDATE delivery_outbox SET state = 'Sending', claim_id = @claim, claimed_until = @until, attempts = attempts + 1
                WHERE {which} AND {Claimable}
                """, parameters, cancellationToken);
            await session.Commit(cancellationToken);
        }
        catch
        {
            await session.Rollback();
            throw;
        }

        var claim = parameters.Get<string>("claim");
        var rows = await session.Query<OutboxDelivery>("""
            SELECT id, channel, kind, agency_code, alert_id, digest_day, source, attempts FROM delivery_outbox WHERE claim_id = @claim AND state = 'Sending'
            ORDER BY queued_at, id
            """, new { claim }, cancellationToken);
        if (rows.Count == 0) return null;
        var first = rows[0];
        return new OutboxBatch(claim, Enum.Parse<DeliveryChannel>(first.Channel), first.Kind == Digest, first.AgencyCode, rows);
    }

    /// <summary>Marks the batch delivered, if the claim is still this drain's (state-guarded: safe to run twice).</summary>
    public Task<int> MarkDelivered(string claimId, DateTimeOffset now, CancellationToken cancellationToken)
        => Write("""
            UPDATE delivery_outbox SET state = 'Delivered', delivered_at = @now, claimed_until = NULL, last_error = NULL
            WHERE claim_id = @claimId AND state = 'Sending'
            """, new { claimId, now }, cancellationToken);

    /// <summary>Marks the batch as having nothing to deliver any more (the agency removed its webhook or address).</summary>
    public Task<int> MarkDropped(string claimId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
        => Write("""
            UPDATE delivery_outbox SET state = 'Dropped', delivered_at = @now, claimed_until = NULL, last_error = @reason
            WHERE claim_id = @claimId AND state = 'Sending'
            """, new { claimId, now, reason = Cut(reason) }, cancellationToken);

    /// <summary>
    /// Puts the batch back after a failed attempt, due again at <paramref name="retryAt"/>; a row at its
    /// <see cref="MaxAttempts"/>th attempt is marked Failed instead.
    /// </summary>
    public Task<int> MarkFailed(string claimId, string error, DateTimeOffset retryAt, CancellationToken cancellationToken)
        => Write($"""
            UPDATE delivery_outbox SET state = CASE WHEN attempts >= {MaxAttempts} THEN 'Failed' ELSE 'Pending' END,
                next_attempt_at = @retryAt, claimed_until = NULL, last_error = @error
            WHERE claim_id = @claimId AND state = 'Sending'
            """, new { claimId, error = Cut(error), retryAt }, cancellationToken);

    /// <summary>When the next row becomes claimable (a retry's back-off, a lapsing claim), or null when nothing waits.</summary>
    public async Task<DateTimeOffset?> NextDue(CancellationToken cancellationToken)
    {
        var page = new { offset = 0, limit = 1 };
        var pending = await session.QuerySingleOrDefault<Due>(
            session.Dialect.Page("SELECT next_attempt_at AS at FROM delivery_outbox WHERE state = 'Pending' ORDER BY next_attempt_at"), page, cancellationToken);
        var lapsing = await session.QuerySingleOrDefault<Due>(
            session.Dialect.Page("SELECT claimed_until AS at FROM delivery_outbox WHERE state = 'Sending' ORDER BY claimed_until"), page, cancellationToken);
        return pending is null ? lapsing?.At : lapsing is null ? pending.At : pending.At < lapsing.At ? pending.At : lapsing.At;
    }

    private sealed class Due
    {
        public DateTimeOffset At { get; init; }
    }

    /// <summary>The back-off after the <paramref name="attempt"/>th failed attempt: 10 s, 1 min, 5 min, 15 min, 1 h, 2 h, then 4 h.</summary>
    public static TimeSpan Backoff(int attempt) => attempt switch
    {
        <= 1 => TimeSpan.FromSeconds(10),
        2 => TimeSpan.FromMinutes(1),
        3 => TimeSpan.FromMinutes(5),
        4 => TimeSpan.FromMinutes(15),
        5 => TimeSpan.FromHours(1),
        6 => TimeSpan.FromHours(2),
        _ => TimeSpan.FromHours(4),
    };

    private static string Cut(string text) => text is { Length: > 190 } ? text[..190] : text;

    private async Task<int> Write(string sql, object parameters, CancellationToken cancellationToken)
    {
        await session.Begin(cancellationToken);
        try
        {
            var changed = await session.Execute(sql, parameters, cancellationToken);
            await session.Commit(cancellationToken);
            return changed;
        }
        catch
        {
            await session.Rollback();
            throw;
        }
    }
}
