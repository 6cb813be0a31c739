package io.qhtrack.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A logged database failure never prints a password, whichever cause in the chain quoted it. */
class JdbcRedactionTest {

    @Test
    void everyMessageInTheChainIsRedacted() {
        SQLException driver = new SQLException("FATAL: cannot open jdbc:postgresql://db/app?user=qh&password=hunter2",
                "08001", 0, new IllegalArgumentException("bad url jdbc:mysql://qh:hunter2@db/app"));

        StringWriter printed = new StringWriter();
        Redaction.redacted(driver).printStackTrace(new PrintWriter(printed));

        assertThat(printed.toString()).doesNotContain("hunter2").contains("password=******", "Caused by", "//******@");
    }

    /** Each row: a URL (or a driver's message quoting one), and what it reads once redacted; "S3cr" never remains. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // PostgreSQL
        "jdbc:postgresql://db/app?user=qh&password=S3cr-1            | jdbc:postgresql://db/app?user=qh&password=******",
        "jdbc:postgresql://db/app?password=S3cr-1&ssl=true           | jdbc:postgresql://db/app?password=******&ssl=true",
        "jdbc:postgresql://db/app?sslmode=verify-full&sslpassword=S3cr-2 | jdbc:postgresql://db/app?sslmode=verify-full&sslpassword=******",
        "jdbc:postgresql://db/app?PASSWORD=S3cr-3                    | jdbc:postgresql://db/app?PASSWORD=******",
        // MySQL / MariaDB
        "jdbc:mysql://qh:S3cr-4@db:3306/app                          | jdbc:mysql://******@db:3306/app",
        "jdbc:mysql://qh:S3cr@x@db/app                               | jdbc:mysql://******@db/app",
        "jdbc:mysql://db/app?user=qh&password1=S3cr-5&password2=S3cr-6&password3=S3cr-7 | jdbc:mysql://db/app?user=qh&password1=******&password2=******&password3=******",
        "jdbc:mysql://db/app?password={S3cr;with&separators}&ssl=1  | jdbc:mysql://db/app?password=******&ssl=1",
        "jdbc:mysql://db/app?password='S3cr;quoted'&ssl=1           | jdbc:mysql://db/app?password=******&ssl=1",
        "`jdbc:mysql://db/app?password=\"S3cr;dq\"&ssl=1`           | `jdbc:mysql://db/app?password=******&ssl=1`",
        "jdbc:mysql://address=(host=db)(user=qh)(password=S3cr-8)/app | jdbc:mysql://address=(host=db)(user=qh)(password=******)/app",
        "jdbc:mysql://db/app?trustCertificateKeyStorePassword=S3cr-9&clientCertificateKeyStorePassword=S3cr-10 | jdbc:mysql://db/app?trustCertificateKeyStorePassword=******&clientCertificateKeyStorePassword=******",
        "jdbc:mariadb://db/app?user=qh&pwd=S3cr-11                   | jdbc:mariadb://db/app?user=qh&pwd=******",
        "jdbc:mariadb://db/app?keyStorePassword=S3cr-12&trustStorePassword=S3cr-13&keyPassword=S3cr-14 | jdbc:mariadb://db/app?keyStorePassword=******&trustStorePassword=******&keyPassword=******",
        "jdbc:mariadb://a:3306,qh:S3cr-15@b:3306/app                 | jdbc:mariadb://******@b:3306/app",
        // H2
        "jdbc:h2:tcp://db/~/app;USER=sa;PASSWORD=S3cr-16;MODE=MySQL  | jdbc:h2:tcp://db/~/app;USER=sa;PASSWORD=******;MODE=MySQL",
        "jdbc:h2:file:/data/app;CIPHER=AES;PASSWORD=S3cr-17 S3cr-18  | jdbc:h2:file:/data/app;CIPHER=AES;PASSWORD=******",
        // tokens and secrets of any driver
        "jdbc:x://db/app?accessToken=S3cr-19&clientSecret=S3cr-20   | jdbc:x://db/app?accessToken=******&clientSecret=******",
        // a driver's message quoting its properties
        "`connect failed {user=qh, password=S3cr-21, ssl=true}`      | `connect failed {user=qh, password=******`",
        // nothing secret: left alone
        "jdbc:postgresql://db:5432/app?user=qh&ssl=true              | jdbc:postgresql://db:5432/app?user=qh&ssl=true",
        "FATAL: password authentication failed for user \"qh\"     | FATAL: password authentication failed for user \"qh\"",
    })
    void secretsInEveryUrlSyntaxAreHidden(String url, String redacted) {
        assertThat(Redaction.redact(url)).isEqualTo(redacted).doesNotContain("S3cr");
    }

    /**
     * The schema check quotes the driver's message; a driver that quotes its URL there (no driver here does, so a
     * stand-in connection plays it) has its password hidden as everywhere else.
     */
    @Test
    void theSchemaCheckMessageIsRedacted() {
        Connection quotingItsUrl = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    throw new SQLException("relation qo does not exist on jdbc:x://db/app?password=S3cr-99", "42P01");
                });

        assertThatThrownBy(() -> Schema.check(quotingItsUrl, Dialect.POSTGRESQL, "qo", 1))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.outbox.table")
                .hasMessageContaining("password=******").hasMessageNotContaining("S3cr");
    }
}
