/**
 * qhtrack's core: 360 Dianjing (360 点睛) web conversion protocol, conversions and their reliable delivery. No
 * servlet dependency; the servlet filter ({@code io.qhtrack.filter}) and the Spring Boot starters are thin adapters
 * over this package.
 *
 * <h2>Where to start</h2>
 * <ul>
 *   <li>{@link io.qhtrack.core.Tracker} — one per application: {@link io.qhtrack.core.Tracker#report report} a
 *       {@link io.qhtrack.core.Conversion} for a {@link io.qhtrack.core.Click}; the answer is a
 *       {@link io.qhtrack.core.TrackOutcome} at once, delivery happens in the background.</li>
 *   <li>{@link io.qhtrack.core.Click} — the ad click a visitor came from: its {@link io.qhtrack.core.ProductLine}
 *       (search PC/mobile, display, mobile promotion) and id. Web applications get it from the filter.</li>
 *   <li>{@link io.qhtrack.core.Conversion} — what happened: an {@link io.qhtrack.core.Event} (the 53 types of the
 *       document, with 360's Chinese names per line), {@code trans_id}, amount in yuan or fen, score …</li>
 *   <li>{@link io.qhtrack.core.Settings} and {@link io.qhtrack.core.Setting} — configuration: every setting in
 *       one table, read from system properties, environment variables, init-params or Spring's environment.</li>
 * </ul>
 *
 * <pre>{@code
 * Tracker tracker = Tracker.builder().settings(Settings.system()).build();    // QHTRACK_SEARCH_KEY, … from the environment
 * TrackOutcome outcome = tracker.report(
 *         Click.of(ProductLine.PC_SEARCH, "9356596331006111412", capturedAt),
 *         Conversion.builder(Event.ORDER).transIdFromOrderId("A-1001").amountYuan("23.45").build());
 * // QUEUED: in the outbox, delivered in the background, retried until the end of the natural day
 * tracker.close();                                                           // drains on shutdown
 * }</pre>
 *
 * <h2>Sending by hand</h2>
 * For a batch job or a one-off check, without a tracker: {@link io.qhtrack.core.Upload#prepare Upload.prepare}
 * applies the protocol's rules for the click's line (or says why not, as a
 * {@link io.qhtrack.core.Preparation}), {@link io.qhtrack.core.UploadClient#sign UploadClient.sign} serialises
 * and signs the exact bytes ({@link io.qhtrack.core.SignedUpload}, printable: it holds no secret), and
 * {@link io.qhtrack.core.UploadClient#send UploadClient.send} returns a classified
 * {@link io.qhtrack.core.UploadResult} (delivered only on errno 0; {@link io.qhtrack.core.Errno} 1/2/3 permanent,
 * with 360's advice).
 *
 * <pre>{@code
 * Map<Account, Credentials> credentials = Credentials.fromSettings(Settings.system());
 * Preparation p = Upload.prepare(click, conversion, credentials, Instant.now());
 * try (UploadClient client = UploadClient.builder().build()) {
 *     UploadResult r = client.send(client.sign(p.upload(), credentials.get(click.line().account())));
 * }
 * }</pre>
 *
 * <h2>The outbox: the extension point</h2>
 * Accepted conversions wait in an {@link io.qhtrack.core.Outbox} until delivered:
 * {@link io.qhtrack.core.Outbox#inMemory in memory} by default, or the durable, cluster-safe
 * {@code io.qhtrack.core.jdbc.JdbcOutbox} (PostgreSQL, MySQL/MariaDB, H2) with {@code qhtrack.outbox=jdbc}.
 * Another store implements {@code Outbox}: {@code add} durable before it returns, claims with leases, no lock held
 * while a request is in flight. Entries ({@link io.qhtrack.core.OutboxEntry}) end
 * {@link io.qhtrack.core.OutboxState#DELIVERED delivered}, {@link io.qhtrack.core.OutboxState#DEAD dead} (kept and
 * {@linkplain io.qhtrack.core.Tracker#replay replayable}) or {@link io.qhtrack.core.OutboxState#EXPIRED expired}
 * at the end of their natural day. When to retry is a {@link io.qhtrack.core.RetryPolicy}, as data.
 *
 * <h2>Observing</h2>
 * {@link io.qhtrack.core.Tracker#addListener Tracker.addListener} takes a {@link io.qhtrack.core.DeliveryListener}
 * told every {@link io.qhtrack.core.DeliveryEvent} (delivered, will retry, dead-lettered, expired);
 * {@link io.qhtrack.core.Tracker#metrics()} gives the {@link io.qhtrack.core.TrackerMetrics} counters and
 * backlog gauges, also published over JMX as {@code io.qhtrack:type=Tracker,name=…} (and as Micrometer meters by
 * the Spring Boot starter). Logs go through {@code java.util.logging}, which Tomcat, Jetty and Spring Boot route
 * to the application's logging.
 *
 * <h2>Failures</h2>
 * Nothing on the visitor's request throws because of bad data, a missing click or 360 being down: the outcome says
 * what happened. Configuration mistakes throw {@link io.qhtrack.core.ConfigurationException} at start-up, naming
 * the setting and the value (never a secret's). Credentials ({@link io.qhtrack.core.Credentials}, one per
 * {@link io.qhtrack.core.Account}) are only ever used to sign.
 */
package io.qhtrack.core;
