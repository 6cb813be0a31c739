package io.qhtrack.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.jdbc.JdbcFailure.Kind;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each database failure means for the conversions it failed: the table of SQLStates and vendor codes from
 * PostgreSQL, MySQL/MariaDB and H2. Only a data error is the conversion's; a database that is down, read-only, full,
 * shutting down or in a conflict is unavailable, and what it could not take is held and tried again.
 */
class JdbcFailureTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                // PostgreSQL
                Arguments.of("PostgreSQL read-only transaction (a failover)", "25006", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL current transaction aborted", "25P02", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL disk full", "53100", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL out of memory", "53200", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL too many connections", "53300", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL admin shutdown", "57P01", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL crash shutdown", "57P02", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL cannot connect now (starting up)", "57P03", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL statement timeout", "57014", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL lock not available", "55P03", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL I/O error", "58030", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL connection refused", "08001", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL connection failure", "08006", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL undefined table (dropped)", "42P01", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL permission denied", "42501", 0, Kind.UNAVAILABLE),
                Arguments.of("PostgreSQL serialization failure", "40001", 0, Kind.CONFLICT),
                Arguments.of("PostgreSQL deadlock", "40P01", 0, Kind.CONFLICT),
                Arguments.of("PostgreSQL value too long", "22001", 0, Kind.DATA),
                Arguments.of("PostgreSQL character not in repertoire (NUL)", "22021", 0, Kind.DATA),
                Arguments.of("PostgreSQL check violation", "23514", 0, Kind.DATA),
                Arguments.of("PostgreSQL not-null violation", "23502", 0, Kind.DATA),
                // MySQL and MariaDB
                Arguments.of("MySQL --read-only", "HY000", 1290, Kind.UNAVAILABLE),
                Arguments.of("MySQL read-only mode", "HY000", 1836, Kind.UNAVAILABLE),
                Arguments.of("MySQL table full", "HY000", 1114, Kind.UNAVAILABLE),
                Arguments.of("MySQL disk full", "HY000", 1021, Kind.UNAVAILABLE),
                Arguments.of("MySQL lock wait timeout", "HY000", 1205, Kind.UNAVAILABLE),
                Arguments.of("MySQL server shutdown", "08S01", 1053, Kind.UNAVAILABLE),
                Arguments.of("MySQL server gone", "08S01", 2006, Kind.UNAVAILABLE),
                Arguments.of("MySQL deadlock", "40001", 1213, Kind.CONFLICT),
                Arguments.of("MariaDB record changed", "HY000", 1020, Kind.CONFLICT),
                Arguments.of("MySQL data too long", "22001", 1406, Kind.DATA),
                Arguments.of("MySQL incorrect string value (charset)", "HY000", 1366, Kind.DATA),
                Arguments.of("MySQL check constraint", "HY000", 3819, Kind.DATA),
                Arguments.of("MariaDB check constraint", "23000", 4025, Kind.DATA),
                // H2
                Arguments.of("H2 read-only database", "90097", 90097, Kind.UNAVAILABLE),
                Arguments.of("H2 database closed", "90098", 90098, Kind.UNAVAILABLE),
                Arguments.of("H2 database shut down", "90121", 90121, Kind.UNAVAILABLE),
                Arguments.of("H2 out of memory", "90108", 90108, Kind.UNAVAILABLE),
                Arguments.of("H2 I/O error (disk full)", "90028", 90028, Kind.UNAVAILABLE),
                Arguments.of("H2 lock timeout", "50200", 50200, Kind.UNAVAILABLE),
                Arguments.of("H2 exclusive mode", "90135", 90135, Kind.UNAVAILABLE),
                Arguments.of("H2 deadlock", "40001", 40001, Kind.CONFLICT),
                Arguments.of("H2 concurrent update", "90131", 90131, Kind.CONFLICT),
                Arguments.of("H2 check constraint", "23513", 23513, Kind.DATA),
                Arguments.of("H2 value too long", "22001", 22001, Kind.DATA));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("failures")
    void eachFailureHasItsMeaning(String what, String sqlState, int code, Kind expected) {
        assertThat(JdbcFailure.classify(new SQLException(what, sqlState, code))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("failures")
    void theMeaningIsFoundInABatchsNextException(String what, String sqlState, int code, Kind expected) {
        SQLException batch = new SQLException("Batch entry 0 failed", null, 0);
        batch.setNextException(new SQLException(what, sqlState, code));
        assertThat(JdbcFailure.classify(batch)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aBrokenConnectionAnywhereInTheChainIsUnavailableWhateverTheStatementSaid(String what, String sqlState,
            int code, Kind ignored) {
        SQLException e = new SQLException(what, sqlState, code, new SocketTimeoutException("Read timed out"));
        assertThat(JdbcFailure.classify(e)).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void aRollbackExceptionWithoutSqlStateIsAConflict() {
        assertThat(JdbcFailure.classify(new SQLTransactionRollbackException("rolled back"))).isEqualTo(Kind.CONFLICT);
    }

    @Test
    void aFailureWithoutSqlStateOrCodeIsUnavailableNotTheConversionsFault() {
        assertThat(JdbcFailure.classify(new SQLException("something went wrong"))).isEqualTo(Kind.UNAVAILABLE);
    }
}
