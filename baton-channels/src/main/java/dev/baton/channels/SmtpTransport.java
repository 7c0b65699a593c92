package dev.baton.channels;

import dev.baton.notify.ChannelConfig;
import dev.baton.notify.DeliveryException;
import dev.baton.notify.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * Mail through an SMTP server (Angus Mail). With STARTTLS on, the connection must be upgraded to TLS (the server's
 * certificate checked against the site's CA file when one is given, else the JVM's trust store, and its name) before
 * AUTH or the message: a server that does not offer STARTTLS fails the send rather than receiving the password in the
 * clear. With a user, AUTH is used (PLAIN or LOGIN, whichever the server offers). Each step times out after
 * {@link #TIMEOUT}.
 */
final class SmtpTransport {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path caFile;

    /** @param caFile PEM certificates of the CAs trusted for the SMTP server's certificate; null for the JVM's trust store */
    SmtpTransport(Path caFile) {
        this.caFile = caFile;
    }

    void send(ChannelConfig.Email mail, Message message) {
        Properties p = new Properties();
        p.put("mail.smtp.host", mail.host());
        p.put("mail.smtp.port", Integer.toString(mail.port()));
        p.put("mail.smtp.connectiontimeout", Long.toString(TIMEOUT.toMillis()));
        p.put("mail.smtp.timeout", Long.toString(TIMEOUT.toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(TIMEOUT.toMillis()));
        p.put("mail.smtp.auth", Boolean.toString(mail.user() != null));
        p.put("mail.smtp.starttls.enable", Boolean.toString(mail.startTls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(mail.startTls()));
        if (mail.startTls()) {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
            if (caFile != null) {
                // Read at each send, so a renewed CA file is used without a restart.
                p.put("mail.smtp.ssl.socketFactory", TrustedCas.socketFactory(caFile));
            }
        }
        Session session = Session.getInstance(p);
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(mail.from(), true));
            for (String to : mail.to()) {
                m.addRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(to, true));
            }
            m.setSubject(message.subject(), "UTF-8");
            m.setText(message.text(), "UTF-8");
            m.setHeader("X-Baton-Delivery", message.deliveryId());
            m.setSentDate(new Date());
            if (mail.user() != null) {
                Transport.send(m, mail.user(), mail.password().value());
            } else {
                Transport.send(m);
            }
        } catch (AddressException e) {
            throw new DeliveryException("an address of the email channel is not valid: " + e.getMessage());
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP server " + mail.host() + ":" + mail.port() + ": " + reason(e));
        }
    }

    private static String reason(Throwable e) {
        StringBuilder why = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank() && why.indexOf(t.getMessage().strip()) < 0) {
                why.append(why.isEmpty() ? "" : ": ").append(t.getMessage().strip());
            }
        }
        return why.isEmpty() ? e.getClass().getSimpleName() : why.toString().replaceAll("\\s+", " ");
    }
}
