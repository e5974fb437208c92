using CaseTracker.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;

namespace CaseTracker.Infrastructure.Users;

/// <summary>
/// ASP.NET Core Identity's user store over Dapper, on every engine: the <c>users</c> table holds the login, name,
/// agency, roles, active flag, password hash, security stamp and lockout. Writes join the request's transaction
/// when there is one (a command) and open their own otherwise (a failed sign-in counted).
/// </summary>
public sealed class UserStore(DbSession session, TimeProvider time) :
    IUserPasswordStore<UserAccount>, IUserSecurityStampStore<UserAccount>, IUserLockoutStore<UserAccount>, IUserRoleStore<UserAccount>
{
    private const string Columns = """
        id, normalized_login, name, agency_code, roles, active, password_hash, security_stamp, concurrency_stamp,
        access_failed_count, lockout_end, created_at, created_by, changed_at, changed_by
        """;

    /// <summary>One row as read; roles are split into a list.</summary>
    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string NormalizedLogin { get; init; } = "";
        public string Name { get; init; } = "";
        public string AgencyCode { get; init; } = "";
        public string Roles { get; init; } = "";
        public bool Active { get; init; }
        public string? PasswordHash { get; init; }
        public string SecurityStamp { get; init; } = "";
        public string ConcurrencyStamp { get; init; } = "";
        public int AccessFailedCount { get; init; }
        public DateTimeOffset? LockoutEnd { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTimeOffset ChangedAt { get; init; }
        public string ChangedBy { get; init; } = "";

        public UserAccount Account() => new()
        {
            Id = Id, NormalizedLogin = NormalizedLogin, Name = Name, AgencyCode = AgencyCode,
            Roles = Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            Active = Active, PasswordHash = PasswordHash, SecurityStamp = SecurityStamp, ConcurrencyStamp = ConcurrencyStamp,
            AccessFailedCount = AccessFailedCount, LockoutEnd = LockoutEnd, CreatedAt = CreatedAt, CreatedBy = CreatedBy, ChangedAt = ChangedAt,
            ChangedBy = ChangedBy,
        };
    }

    private static object Parameters(UserAccount u) => new
    {
        id = u.Id, normalizedLogin = u.NormalizedLogin, name = u.Name, agencyCode = u.AgencyCode, roles = string.Join(",", u.Roles), active = u.Active,
        passwordHash = u.PasswordHash, securityStamp = u.SecurityStamp, concurrencyStamp = u.ConcurrencyStamp, accessFailedCount = u.AccessFailedCount,
        lockoutEnd = u.LockoutEnd, createdAt = u.CreatedAt, createdBy = u.CreatedBy, changedAt = u.ChangedAt, changedBy = u.ChangedBy,
    };

    /// <summary>The users of the given agencies, by login.</summary>
    public async Task<IReadOnlyList<UserAccount>> OfAgencies(IReadOnlyCollection<string> agencies, CancellationToken cancellationToken)
    {
        if (agencies.Count == 0) return [];
        var rows = await session.Query<Row>(
            $"SELECT {Columns} FROM users WHERE {session.Dialect.InList("agency_code", "agencies")} ORDER BY normalized_login",
            new { agencies = agencies.ToArray() }, cancellationToken);
        return rows.Select(r => r.Account()).ToList();
    }

    /// <summary>Whether any user exists (the first administrator is made by the <c>user add</c> verb).</summary>
    public async Task<bool> Any(CancellationToken cancellationToken)
        => await session.ExecuteScalar<long>("SELECT COUNT(*) FROM users", null, cancellationToken) > 0;

    public async Task<IdentityResult> CreateAsync(UserAccount user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (user.CreatedAt == default) user.CreatedAt = now;
        if (user.ChangedAt == default) user.ChangedAt = now;
        try
        {
            await Write($"""
                INSERT INTO users ({Columns})
                VALUES (@id, @normalizedLogin, @name, @agencyCode, @roles, @active, @passwordHash, @securityStamp, @concurrencyStamp,
                        @accessFailedCount, @lockoutEnd, @createdAt, @createdBy, @changedAt, @changedBy)
                """, Parameters(user), cancellationToken);
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            return IdentityResult.Failed(new IdentityErrorDescriber().DuplicateUserName(user.Login));
        }

        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(UserAccount user, CancellationToken cancellationToken)
    {
        var expected = user.ConcurrencyStamp;
        user.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        var changed = await Write("""
            UPDATE users SET normalized_login = @normalizedLogin, name = @name, agency_code = @agencyCode, roles = @roles, active = @active,
                password_hash = @passwordHash, security_stamp = @securityStamp, concurrency_stamp = @concurrencyStamp,
                access_failed_count = @accessFailedCount, lockout_end = @lockoutEnd, changed_at = @changedAt, changed_by = @changedBy
            WHERE id = @id AND concurrency_stamp = @expected
            """, WithExpected(Parameters(user), expected), cancellationToken);
        if (changed == 1) return IdentityResult.Success;
        user.ConcurrencyStamp = expected;
        return IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
    }

    public async Task<IdentityResult> DeleteAsync(UserAccount user, CancellationToken cancellationToken)
    {
        await Write("DELETE FROM users WHERE id = @id", new { id = user.Id }, cancellationToken);
        return IdentityResult.Success;
    }

    private static Dapper.DynamicParameters WithExpected(object parameters, string expected)
    {
        var p = new Dapper.DynamicParameters(parameters);
        p.Add("expected", expected);
        return p;
    }

    private async Task<int> Write(string sql, object parameters, CancellationToken cancellationToken)
    {
        if (session.InTransaction) return await session.Execute(sql, parameters, cancellationToken);
        await session.Begin(cancellationToken);
        try
        {
            var count = await session.Execute(sql, parameters, cancellationToken);
            await session.Commit(cancellationToken);
            return count;
        }
        catch
        {
            await session.Rollback();
            throw;
        }
    }

    public async Task<UserAccount?> FindByIdAsync(string userId, CancellationToken cancellationToken)
        => (await session.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM users WHERE id = @userId", new { userId }, cancellationToken))?.Account();

    public async Task<UserAccount?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken)
        => (await session.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM users WHERE normalized_login = @normalizedUserName",
            new { normalizedUserName }, cancellationToken))?.Account();

    public Task<string> GetUserIdAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

    public Task<string?> GetUserNameAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Login);

    public Task SetUserNameAsync(UserAccount user, string? userName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(user.Id)) user.Login = userName ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedLogin);

    public Task SetNormalizedUserNameAsync(UserAccount user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedLogin = normalizedName ?? "";
        return Task.CompletedTask;
    }

    public Task SetPasswordHashAsync(UserAccount user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetSecurityStampAsync(UserAccount user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(UserAccount user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(UserAccount user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetLockoutEnabledAsync(UserAccount user, bool enabled, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AddToRoleAsync(UserAccount user, string roleName, CancellationToken cancellationToken)
    {
        if (!user.Roles.Contains(roleName)) user.Roles.Add(roleName);
        return Task.CompletedTask;
    }

    public Task RemoveFromRoleAsync(UserAccount user, string roleName, CancellationToken cancellationToken)
    {
        user.Roles.Remove(roleName);
        return Task.CompletedTask;
    }

    public Task<IList<string>> GetRolesAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult<IList<string>>(user.Roles.ToList());

    public Task<bool> IsInRoleAsync(UserAccount user, string roleName, CancellationToken cancellationToken) => Task.FromResult(user.Roles.Contains(roleName));

    public async Task<IList<UserAccount>> GetUsersInRoleAsync(string roleName, CancellationToken cancellationToken)
        => (await session.Query<Row>($"SELECT {Columns} FROM users ORDER BY normalized_login", null, cancellationToken))
            .Select(r => r.Account()).Where(u => u.Roles.Contains(roleName)).ToList();

    public void Dispose()
    {
    }
}
