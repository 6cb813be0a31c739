package io.qhtrack.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

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
}
