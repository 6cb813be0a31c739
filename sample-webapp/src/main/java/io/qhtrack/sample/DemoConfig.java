package io.qhtrack.sample;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's configuration: qhtrack's own contract (DESIGN.md), plus the sample's defaults and three settings of its
 * own. Every setting is read, first found wins, from a context-param, a system property or an environment variable
 * (upper-cased, {@code .} and {@code -} become {@code _}).
 *
 * <table>
 *   <caption>Sample settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th><th>example</th></tr>
 *   <tr><td>{@code qhtrack.endpoint}, {@code qhtrack.search.key} …</td><td>none</td><td>qhtrack's contract. With
 *       neither an endpoint nor any credentials, the demo starts a built-in Fake360 on a free loopback port, with
 *       demo credentials of its own, and reports there; with credentials and no endpoint it reports to 360</td>
 *       <td>{@code QHTRACK_SEARCH_KEY=…}</td></tr>
 *   <tr><td>{@code qhtrack.outbox}</td><td>{@code jdbc} (the library's default is {@code memory})</td>
 *       <td>{@code jdbc} or {@code memory}</td><td>{@code memory}</td></tr>
 *   <tr><td>{@code qhtrack.outbox.jdbc-url}</td><td>an H2 file, {@code outbox} in the data directory</td>
 *       <td>where the JDBC outbox lives (only H2's driver is in the WAR)</td>
 *       <td>{@code jdbc:h2:file:/var/lib/demo/outbox}</td></tr>
 *   <tr><td>{@code qhtrack.demo.data}</td><td>{@code qhtrack-demo-data} in the working directory</td>
 *       <td>the demo's data directory</td><td>{@code /var/lib/qhtrack-demo}</td></tr>
 *   <tr><td>{@code qhtrack.baidu.endpoint}, {@code qhtrack.baidu.token}; {@code qhtrack.tencent.endpoint},
 *       {@code qhtrack.tencent.access-token} …</td><td>none</td><td>qhtrack's contract. A platform with neither an
 *       endpoint nor its token gets a built-in fake (FakeBaidu, FakeTencent) with a demo token, as 360 gets its
 *       Fake360</td><td>{@code QHTRACK_BAIDU_TOKEN=…}</td></tr>
 *   <tr><td>{@code qhtrack.demo.domain}</td><td>{@code localhost}</td><td>the domain the built-in FakeTencent
 *       takes as the one registered with Tencent: the landing URLs' host (Tencent's {@code url})</td>
 *       <td>{@code shop.example.com}</td></tr>
 *   <tr><td>{@code qhtrack.demo.dashboard}</td><td>{@code true} when every platform uses its built-in fake, else
 *       {@code false}
 *       </td><td>serve the demo dashboard at {@code /demo/} and {@code /demo/status.json}; they never show a secret,
 *       but they list every visitor's click ids and conversions: with real credentials only when asked for</td>
 *       <td>{@code true}</td></tr>
 * </table>
 *
 * A value the demo cannot use fails the start with a {@link ConfigurationException} naming the setting.
 */
final class DemoConfig {

    /** Setting: the demo's data directory. */
    static final String DATA = "qhtrack.demo.data";
    /** Setting: whether the demo dashboard is served. */
    static final String DASHBOARD = "qhtrack.demo.dashboard";
    /** Setting: the domain the built-in FakeTencent takes as the advertiser's. */
    static final String DOMAIN = "qhtrack.demo.domain";
    /** The domain when {@value #DOMAIN} is not set: where the launcher listens by default. */
    static final String DEFAULT_DOMAIN = "localhost";
    /** The data directory when {@value #DATA} is not set, relative to the working directory. */
    static final String DEFAULT_DATA_DIRECTORY = "qhtrack-demo-data";
    /** The JDBC URL setting of qhtrack's contract. */
    static final String JDBC_URL = "qhtrack.outbox.jdbc-url";
    /** The JNDI data source setting of qhtrack's contract. */
    static final String JNDI = "qhtrack.outbox.jndi";

    private final Settings settings;
    private final boolean builtInFake360;
    private final boolean builtInBaidu;
    private final boolean builtInTencent;
    private final boolean dashboard;
    private final Path dataDirectory;
    private final String outboxKind;

    private DemoConfig(Settings settings, boolean builtInFake360, boolean builtInBaidu, boolean builtInTencent,
            boolean dashboard, Path dataDirectory, String outboxKind) {
        this.settings = settings;
        this.builtInFake360 = builtInFake360;
        this.builtInBaidu = builtInBaidu;
        this.builtInTencent = builtInTencent;
        this.dashboard = dashboard;
        this.dataDirectory = dataDirectory;
        this.outboxKind = outboxKind;
    }

    /**
     * Reads the configuration from {@code source}, adding the sample's defaults beneath it.
     *
     * @throws ConfigurationException naming the setting whose value cannot be used
     */
    static DemoConfig from(Settings source) {
        Path data = Path.of(source.get(DATA).orElse(DEFAULT_DATA_DIRECTORY)).toAbsolutePath().normalize();
        Map<String, String> defaults = new HashMap<>();
        defaults.put(Setting.OUTBOX.key(), Outboxes.JDBC);
        if (!source.get(JDBC_URL).isPresent() && !source.get(JNDI).isPresent()) {
            defaults.put(JDBC_URL, h2Url(data));
        }
        Settings settings = Settings.firstOf(source, Settings.of(defaults));
        boolean builtIn = !source.get("qhtrack.endpoint").isPresent() && Credentials.fromSettings(source).isEmpty();
        boolean baidu = !source.get("qhtrack.baidu.endpoint").isPresent()
                && !source.get("qhtrack.baidu.token").isPresent();
        boolean tencent = !source.get("qhtrack.tencent.endpoint").isPresent()
                && !source.get("qhtrack.tencent.access-token").isPresent();
        boolean dashboard = bool(settings, DASHBOARD).orElse(builtIn && baidu && tencent);
        String kind = settings.get(Setting.OUTBOX).orElseThrow().toLowerCase(Locale.ROOT);
        if (!kind.equals(Outboxes.JDBC) && !kind.equals(Outboxes.MEMORY)) {
            throw new ConfigurationException(Setting.OUTBOX.key(), "'" + kind + "' is neither " + Outboxes.JDBC
                    + " nor " + Outboxes.MEMORY);
        }
        return new DemoConfig(settings, builtIn, baidu, tencent, dashboard, data, kind);
    }

    /** One of the sample's own settings as a boolean: {@code true} or {@code false}, ignoring case. */
    private static java.util.Optional<Boolean> bool(Settings settings, String setting) {
        java.util.Optional<String> v = settings.get(setting);
        if (!v.isPresent()) {
            return java.util.Optional.empty();
        }
        if (v.get().equalsIgnoreCase("true") || v.get().equalsIgnoreCase("false")) {
            return java.util.Optional.of(Boolean.parseBoolean(v.get()));
        }
        throw new ConfigurationException(setting, "'" + v.get() + "' is not true or false");
    }

    /**
     * The H2 file database {@code outbox} in {@code directory}. H2 is told not to close it from its own shutdown
     * hook: the tracker closes it when the application stops (Ctrl+C included), after its last look at the outbox.
     */
    static String h2Url(Path directory) {
        return "jdbc:h2:file:" + directory.resolve("outbox").toString().replace('\\', '/') + ";DB_CLOSE_ON_EXIT=FALSE";
    }


    /** Everything qhtrack reads: the source first, then the sample's defaults (JDBC outbox on an H2 file). */
    Settings settings() {
        return settings;
    }

    /** Whether neither an endpoint nor credentials are configured, so the demo reports to its own Fake360. */
    boolean builtInFake360() {
        return builtInFake360;
    }

    /** Whether Baidu has neither an endpoint nor a token configured, so the demo reports to its own FakeBaidu. */
    boolean builtInBaidu() {
        return builtInBaidu;
    }

    /** Whether Tencent has neither an endpoint nor a token configured, so the demo reports to its own FakeTencent. */
    boolean builtInTencent() {
        return builtInTencent;
    }

    /** The domain the built-in FakeTencent takes as the advertiser's. */
    String domain() {
        return settings.get(DOMAIN).orElse(DEFAULT_DOMAIN);
    }

    /** Whether the demo dashboard is served. */
    boolean dashboard() {
        return dashboard;
    }

    /** The demo's data directory (absolute). */
    Path dataDirectory() {
        return dataDirectory;
    }

    /** {@code jdbc} or {@code memory}. */
    String outboxKind() {
        return outboxKind;
    }

    /** Whether the outbox is the default H2 file in the data directory. */
    boolean defaultH2Outbox() {
        return outboxKind.equals(Outboxes.JDBC) && settings.get(JDBC_URL).orElse("").equals(h2Url(dataDirectory))
                && settings.get(JNDI).isEmpty();
    }
}
