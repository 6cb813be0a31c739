/**
 * The outbox contract tests: {@link io.qhtrack.testkit.outbox.OutboxContract}, the executable specification of the
 * {@link io.qhtrack.core.spi.Outbox} SPI, as JUnit 5 tests that a test of an outbox subclasses. qhtrack runs them
 * against its in-memory outbox and its JDBC outbox (H2, PostgreSQL and MariaDB); an application that brings its own outbox (a
 * store qhtrack does not have) runs them against it the same way.
 *
 * <p>A test library: its classes are written with JUnit 5 and AssertJ, which it brings (compile scope); add it in
 * scope {@code test}. It is an artifact of its own, not part of {@code tracker-testkit}, because that one (the strict
 * fakes of the platforms' endpoints) is deliberately independent of {@code tracker-core}: its fakes implement each
 * platform's document on their own, so that they catch the core's mistakes instead of sharing them, and tracker-core's
 * own tests use them. The contract, by contrast, is written against the core's SPI.
 */
package io.qhtrack.testkit.outbox;
