/**
 * qhtrack's core: conversions and their reliable delivery to ad platforms (360 Dianjing first, Baidu and Tencent). No
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
 *   <li>{@link io.qhtrack.core.TrackerOptions} — the tracker's options (timeouts, concurrency, lease, retries …) as
 *       one immutable value, parsed once from the settings ({@code TrackerOptions.fromSettings}) or built in code;
 *       {@code Tracker.Builder} holds them beside its collaborators (clock, outbox, platforms, credentials).</li>
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
 * <h2>The package map</h2>
 * <table>
 *   <caption>Where everything lives</caption>
 *   <tr><th>package</th><th>what</th><th>for whom</th></tr>
 *   <tr><td>{@code io.qhtrack.core}</td><td>the API: {@code Tracker}, {@code Click}, {@code Conversion},
 *       {@code Event} (qhtrack's common conversion vocabulary), {@code TrackOutcome}, {@code Settings},
 *       {@code Setting}, {@code TrackerOptions}, {@code Outboxes}, listeners and metrics; 360's compatibility types {@code ProductLine},
 *       {@code Account}, {@code Credentials}</td><td>applications</td></tr>
 *   <tr><td>{@code io.qhtrack.core.spi}</td><td>the seam: {@code Platform} and its parts (landing parameters,
 *       lines, event catalogue, codec, classifier, delivery window, credentials, rate limit), {@code Outbox},
 *       {@code OutboxEntry}, {@code CredentialResolver}</td><td>platform authors, custom outboxes and
 *       resolvers</td></tr>
 *   <tr><td>{@code io.qhtrack.core.internal}</td><td>the engine: dispatcher, in-memory outbox, HTTP transport,
 *       metrics, the platform registry, JSON and text helpers</td><td>qhtrack's own modules only: not API, may
 *       change in any release</td></tr>
 *   <tr><td>{@code io.qhtrack.core.jdbc}</td><td>the durable, cluster-safe JDBC outbox</td><td>applications
 *       configuring it</td></tr>
 *   <tr><td>{@code io.qhtrack.platform.qihoo360}</td><td>360 Dianjing: its lines, 53 events, codec (App-Sign),
 *       classifier (errno), and the "send by hand" API ({@code Upload}, {@code UploadClient})</td><td>the engine
 *       through {@code ServiceLoader}; applications sending by hand</td></tr>
 *   <tr><td>{@code io.qhtrack.platform.baidu}, {@code io.qhtrack.platform.tencent}</td><td>Baidu oCPC and
 *       Tencent Ads</td><td>the engine through {@code ServiceLoader}</td></tr>
 * </table>
 * The engine never names a platform: nothing in {@code io.qhtrack.core..} refers to {@code io.qhtrack.platform..},
 * and a platform refers only to {@code core}, {@code core.spi} and {@code core.internal} (a test over the compiled
 * classes keeps it so).
 *
 * <p>Which package refers to which: {@code core} (the API) to {@code core.spi}, {@code core.internal} and
 * {@code core.jdbc}; {@code core.spi} to {@code core} only; {@code core.internal} to {@code core} and
 * {@code core.spi}; {@code core.jdbc} and every platform to {@code core}, {@code core.spi} and {@code core.internal}.
 * So packages do refer to each other, by design: the SPI is written in the API's values ({@code Codec} takes a
 * {@code Click} and a {@code Conversion}, {@code EventCatalog} maps an {@code Event}) while the API takes the SPI's
 * plug-ins ({@code Tracker.Builder.platform}, {@code .outbox}), and the engine both serves the API and uses it. What
 * holds is the rule at the level of classes: <b>no import cycle crosses a package</b>. In the graph of which class
 * names which (nested classes counted as their top-level class), every cycle stays inside one package: the JDBC
 * outbox and its helpers may refer to each other, but a class that names a class of another package is never named
 * back by it, directly or through other classes. For this, 360's compatibility types {@code Event} and
 * {@code ProductLine} do not call 360's {@code Platform} (which names {@code Event} through its event catalogue):
 * they ask a {@code core.internal.CompatibilityCatalog}, which names only {@code Line} and {@code PlatformEvent} and
 * which 360 registers with {@code ServiceLoader}. A test over the compiled classes ({@code ImportCycleTest}) computes
 * the strongly connected components of that graph and fails naming the classes of any that spans two packages.
 *
 * <h2>Adding a platform</h2>
 * Implement {@link io.qhtrack.core.spi.Platform} (a small, stateless, immutable description: its landing parameters,
 * lines, events, codec, classifier and window; see {@code io.qhtrack.core.spi}), list its class in
 * {@code META-INF/services/io.qhtrack.core.spi.Platform} (or pass it to
 * {@link io.qhtrack.core.Tracker.Builder#platform Tracker.Builder.platform}), and declare its settings
 * ({@code qhtrack.<platform>.*}, secrets marked). Capture, the outbox, retries, per-click limits, metrics and the
 * starters then work for it without a change of the engine.
 *
 * <h2>Sending by hand</h2>
 * For a batch job or a one-off check of 360, without a tracker: {@code io.qhtrack.platform.qihoo360.Upload.prepare}
 * applies the protocol's rules for the click's line, {@code UploadClient.sign} serialises and signs the exact bytes,
 * and {@code UploadClient.send} returns a classified {@code UploadResult}.
 *
 * <h2>The outbox: the extension point</h2>
 * Accepted conversions wait in an {@link io.qhtrack.core.spi.Outbox} until delivered:
 * {@link io.qhtrack.core.Outboxes#inMemory in memory} by default, or the durable, cluster-safe
 * {@code io.qhtrack.core.jdbc.JdbcOutbox} (PostgreSQL, MySQL/MariaDB, H2) with {@code qhtrack.outbox=jdbc}.
 * Another store implements {@code Outbox}: {@code add} durable before it returns, claims with leases, no lock held
 * while a request is in flight. Entries ({@link io.qhtrack.core.spi.OutboxEntry}) end
 * {@link io.qhtrack.core.OutboxState#DELIVERED delivered}, {@link io.qhtrack.core.OutboxState#DEAD dead} (kept and
 * {@linkplain io.qhtrack.core.Tracker#replay replayable}), {@link io.qhtrack.core.OutboxState#PARKED parked} (the
 * platform refused the credentials) or {@link io.qhtrack.core.OutboxState#EXPIRED expired} at the end of their
 * window. When to retry is a {@link io.qhtrack.core.RetryPolicy}, as data.
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
