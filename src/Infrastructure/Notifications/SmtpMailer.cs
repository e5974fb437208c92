using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CaseTracker.Infrastructure.Notifications;

/// <summary><c>Smtp:*</c>: the mail server that carries alerts to the agencies' alert addresses. No host, no email.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;

    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's <see cref="SecureSocketOptions"/>).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "CaseTracker <casetracker@localhost>";
}

/// <summary>Sends one message through the configured SMTP server (MailKit), one connection a message.</summary>
public sealed class SmtpMailer(SmtpOptions options)
{
    public bool Enabled => !string.IsNullOrWhiteSpace(options.Host);

    public MailboxAddress From => MailboxAddress.Parse(options.From);

    /// <summary>What a failed delivery throws (refused, cut off, unreachable, TLS or login failed): the caller logs it and retries later.</summary>
    public static bool IsDeliveryFailure(Exception e) => e is SmtpCommandException or SmtpProtocolException or ProtocolException or IOException
        or System.Net.Sockets.SocketException or AuthenticationException or SslHandshakeException or TimeoutException;

    /// <summary>The SMTP reply code of a refusal (e.g. 451, 550), if the server gave one.</summary>
    public static int? ReplyCode(Exception e) => e is SmtpCommandException command ? (int)command.StatusCode : null;

    public async Task Send(MimeMessage message, CancellationToken cancellationToken)
    {
        if (!Enabled) throw new InvalidOperationException("No mail server is configured (Smtp:Host).");
        using var client = new SmtpClient();
        await client.ConnectAsync(options.Host!, options.Port, options.Security, cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName)) await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
