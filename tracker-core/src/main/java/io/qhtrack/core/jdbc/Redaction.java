package io.qhtrack.core.jdbc;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Keeps database passwords out of messages: a JDBC URL may hold one ({@code password=…}, {@code user:pw@host}), and
 * drivers quote the URL in their exceptions, whose whole chain a logged stack trace prints.
 */
final class Redaction {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password|pwd)=[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^/@?;]*:[^/@?;]*@");

    private Redaction() {
    }

    /** A JDBC URL (or a message quoting one) with any password in it replaced by {@code ******}. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        String s = URL_PASSWORD.matcher(url).replaceAll("$1=******");
        return URL_USER_INFO.matcher(s).replaceAll("//******@");
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
