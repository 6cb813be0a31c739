/**
 * 360 Dianjing (360 点睛), qhtrack's first platform ({@link io.qhtrack.platform.qihoo360.Qihoo360}, id
 * {@code qihoo360}): its four product lines, the 53 events with their Chinese names per line, the upload's JSON body
 * signed with {@code App-Key} and {@code App-Sign}, the classification of 360's answers ({@code errno}), and the
 * natural-day window. The engine finds it through {@code ServiceLoader}.
 *
 * <p>Sending by hand, without a tracker (a batch job, a one-off check): {@link
 * io.qhtrack.platform.qihoo360.Upload#prepare Upload.prepare} applies the protocol's rules for the click's line (or
 * says why not, as a {@link io.qhtrack.platform.qihoo360.Preparation}), {@link
 * io.qhtrack.platform.qihoo360.UploadClient#sign UploadClient.sign} serialises and signs the exact bytes ({@link
 * io.qhtrack.platform.qihoo360.SignedUpload}, printable: it holds no secret), and {@link
 * io.qhtrack.platform.qihoo360.UploadClient#send UploadClient.send} returns a classified {@link
 * io.qhtrack.platform.qihoo360.UploadResult} (delivered only on errno 0; {@link io.qhtrack.platform.qihoo360.Errno}
 * 1/2/3 permanent, with 360's advice).
 *
 * <pre>{@code
 * Map<Account, Credentials> credentials = Credentials.fromSettings(Settings.system());
 * Preparation p = Upload.prepare(click, conversion, credentials, Instant.now());
 * try (UploadClient client = UploadClient.builder().build()) {
 *     UploadResult r = client.send(client.sign(p.upload(), credentials.get(click.line().account())));
 * }
 * }</pre>
 */
package io.qhtrack.platform.qihoo360;
