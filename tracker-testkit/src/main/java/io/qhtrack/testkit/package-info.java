/**
 * Fake360: a strict, embeddable stand-in for 360 Dianjing's web conversion endpoint ({@code POST
 * /uploadWebConvert}), for unit tests, integration tests and demos.
 *
 * <p>Start one with {@link io.qhtrack.testkit.Fake360#builder()}, point the code under test at {@link
 * io.qhtrack.testkit.Fake360#endpoint()}, then assert on {@link io.qhtrack.testkit.Fake360#accepted()} or
 * wait with {@link io.qhtrack.testkit.Fake360#awaitAccepted(int, java.time.Duration)}; each request is a
 * {@link io.qhtrack.testkit.Fake360.Received}. Inject misbehaviour with {@link io.qhtrack.testkit.Fault} and
 * {@link io.qhtrack.testkit.Fake360#latency(java.time.Duration)}; serve HTTPS with {@link
 * io.qhtrack.testkit.Fake360.Builder#tls()}. {@link io.qhtrack.testkit.Fake360Main} runs one from the command
 * line, and is the Main-Class of the {@code standalone} jar.
 *
 * <p>The rules are transcribed from 360's document ("360 点睛-网页转化数据 API 对接文档", January 2025),
 * independently of tracker-core, so that this module catches tracker-core's mistakes instead of sharing
 * them.
 */
package io.qhtrack.testkit;
