/**
 * The service-provider interfaces of qhtrack's delivery engine: what a platform plugs in, and what an application may
 * replace. Nothing here is needed to <em>use</em> qhtrack (that is {@code io.qhtrack.core}); everything here is needed
 * to <em>extend</em> it.
 *
 * <h2>A platform</h2>
 * {@link io.qhtrack.core.spi.Platform} describes one ad platform's protocol — small, stateless, immutable — and the
 * engine never names one. Its parts follow the data:
 * {@link io.qhtrack.core.spi.LandingParameter landing parameters} (capture) →
 * {@link io.qhtrack.core.spi.EventCatalog events} (qhtrack's common conversions mapped to the platform's own) →
 * {@link io.qhtrack.core.spi.Codec codec} ({@link io.qhtrack.core.spi.PlatformUpload what the outbox stores}, then the
 * exact {@link io.qhtrack.core.spi.HttpCall request}) → {@link io.qhtrack.core.spi.Classifier classifier}
 * ({@link io.qhtrack.core.spi.HttpAnswer an answer} → a {@link io.qhtrack.core.spi.Verdict verdict} per conversion) →
 * {@link io.qhtrack.core.spi.DeliveryWindow window}. Credentials come from a
 * {@link io.qhtrack.core.spi.CredentialResolver} when the engine sends ({@link io.qhtrack.core.spi.CredentialSet}, secrets
 * masked), never from a stored conversion.
 *
 * <h2>Adding a platform</h2>
 * <ol>
 *   <li>Implement {@code Platform} in a package of its own (qhtrack's are {@code io.qhtrack.platform.qihoo360},
 *       {@code .baidu}, {@code .tencent}); depend on {@code io.qhtrack.core} and this package only.</li>
 *   <li>List it in {@code META-INF/services/io.qhtrack.core.spi.Platform} (or give it to
 *       {@code Tracker.Builder.platform(…)}).</li>
 *   <li>Declare its settings ({@link io.qhtrack.core.spi.PlatformSetting}, secrets marked) and read them in
 *       {@code configure}; document them in the README's tables (a test keeps them in step).</li>
 *   <li>Write a strict fake of its endpoint (see {@code tracker-testkit}), a golden test of its wire bytes, and a table
 *       test of its classifier.</li>
 * </ol>
 *
 * <h2>An outbox</h2>
 * The outbox is where accepted conversions wait; qhtrack has one in memory and one in JDBC. Another store implements
 * the outbox interface and passes the outbox contract tests: {@code io.qhtrack.testkit.outbox.OutboxContract}, in the
 * {@code tracker-outbox-testkit} artifact, which qhtrack runs against both of its own.
 */
package io.qhtrack.core.spi;
