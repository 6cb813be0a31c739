/**
 * Strict, embeddable stand-ins for the ad platforms' conversion endpoints, for unit tests, integration tests
 * and demos: {@link io.qhtrack.testkit.Fake360} (360 Dianjing, {@code POST /uploadWebConvert}), {@link
 * io.qhtrack.testkit.FakeBaidu} (Baidu oCPC, {@code POST /ocpcapi/api/uploadConvertData}) and {@link
 * io.qhtrack.testkit.FakeTencent} (Tencent Ads, {@code POST /v3.0/user_actions/add}).
 *
 * <p>Start one with its {@code builder()}, point the code under test at its {@code endpoint()}, then assert on
 * {@code accepted()} or wait with {@code awaitAccepted(int, Duration)}; each request is a {@code Received} (for
 * Baidu and Tencent, each conversion an {@link io.qhtrack.testkit.FakeBaidu.Item} or {@link
 * io.qhtrack.testkit.FakeTencent.Action}). Inject misbehaviour with {@link io.qhtrack.testkit.Fault} and {@code
 * latency(Duration)}; serve HTTPS with the builder's {@code tls()}. {@link io.qhtrack.testkit.Fake360Main} runs
 * one from the command line ({@code baidu} and {@code tencent} as first argument for the others), and is the
 * Main-Class of the {@code standalone} jar.
 *
 * <p>The rules are transcribed from 360's document ("360 点睛-网页转化数据 API 对接文档", January 2025) and from
 * the spec pages of Baidu and Tencent ({@code spec/baidu-ocpc.md}, {@code spec/tencent-ads.md}), independently
 * of tracker-core, so that this module catches tracker-core's mistakes instead of sharing them. Where a spec
 * page leaves a question open, the fake has a named setting for each reading.
 */
package io.qhtrack.testkit;
