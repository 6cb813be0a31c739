package io.qhtrack.core.jdbc;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Keeps database secrets out of messages: a JDBC URL may hold them, and drivers quote the URL in their exceptions,
 * whose whole chain a logged stack trace prints. What is hidden:
 *
 * <ul>
 *   <li>the value of every parameter whose name holds {@code password}, {@code passwd}, {@code pwd}, {@code secret}
 *       or {@code token}, whatever the case and whatever precedes or follows it: {@code password} (PostgreSQL, MySQL,
 *       MariaDB), {@code password1}, {@code password2} and {@code password3} (MySQL multi-factor),
 *       {@code sslpassword} (PostgreSQL), {@code keyStorePassword}, {@code trustStorePassword},
 *       {@code trustCertificateKeyStorePassword}, {@code clientCertificateKeyStorePassword} (MySQL, MariaDB),
 *       {@code PASSWORD} (H2's {@code ;PASSWORD=}), and any {@code …Token} or {@code …Secret};</li>
 *   <li>such a value in any of its forms: plain up to the next {@code &}, {@code ;}, {@code )} or line break (so
 *       that H2's {@code PASSWORD=filePassword userPassword} is hidden whole; in a message the rest of the line may
 *       go with it); in braces ({@code password={a;b}}); in single or double quotes;</li>
 *   <li>user information before a host, {@code //user:password@host} (also after a {@code ,} of a multi-host
 *       URL), up to the last {@code @} before the path.</li>
 * </ul>
 */
final class Redaction {

    static final String MASK = "******";

    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([a-z0-9_.\\-]*(?:password|passwd|pwd|secret|token)[a-z0-9_.\\-]*)(\\s*=\\s*)"
                    + "(\\{[^}]*\\}?|'[^']*'?|\"[^\"]*\"?|[^&;)\\r\\n]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//|,)[^/?;#@\\s,]*:[^/?;#\\s]*@");

    private Redaction() {
    }

    /** A JDBC URL (or a message quoting one) with every secret in it replaced by {@value #MASK}. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        String s = SECRET_PARAMETER.matcher(url).replaceAll("$1$2" + MASK);
        return USER_INFO.matcher(s).replaceAll("$1" + MASK + "@");
    }

    /** A copy of {@code e} (and of its causes) whose messages are {@linkplain #redact(String) redacted}. */
    static SQLException redacted(SQLException e) {
        SQLException copy = new SQLException(e.getClass().getSimpleName() + ": " + redact(e.getMessage()),
                e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        Throwable cause = e.getCause();
        if (cause instanceof SQLException) {
            copy.initCause(redacted((SQLException) cause));
        } else if (cause != null) {
            RuntimeException plain = new RuntimeException(cause.getClass().getName() + ": " + redact(cause.getMessage()));
            plain.setStackTrace(cause.getStackTrace());
            copy.initCause(plain);
        }
        return copy;
    }
}
