package io.qhtrack.sample.boot;

import io.qhtrack.testkit.Fake360;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The qhtrack sample shop as a Spring Boot application: {@code java -jar sample-spring-boot/target/sample-spring-boot.jar}.
 * qhtrack is configured in {@code application.yml}; with neither an endpoint nor credentials in the environment it
 * reports to a built-in Fake360 (demo accounts with secrets drawn at random at each start), so it works offline.
 * {@code PORT} (default 8080) and {@code HOST} (default 127.0.0.1) say where it listens.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(ShopApplication.class);
        if (!configuredFor360(System.getenv()) && System.getProperty("qhtrack.endpoint") == null) {
            Fake360 fake = startBuiltInFake360(app);
            app.addInitializers(context -> ((GenericApplicationContext) context)
                    .registerBean("builtInFake360", Fake360.class, () -> fake));
        }
        app.run(args);
    }

    static boolean configuredFor360(Map<String, String> env) {
        return env.containsKey("QHTRACK_ENDPOINT") || env.containsKey("QHTRACK_SEARCH_KEY")
                || env.containsKey("QHTRACK_DISPLAY_KEY") || env.containsKey("QHTRACK_MOBILE_KEY");
    }

    /** Starts the demo's Fake360 and hands its endpoint and accounts to qhtrack as default properties. */
    private static Fake360 startBuiltInFake360(SpringApplication app) {
        SecureRandom random = new SecureRandom();
        String search = secret(random);
        String display = secret(random);
        String mobile = secret(random);
        Fake360 fake = Fake360.builder()
                .credentials("demo-search-key", search, "ocpc_ps_convert", "ocpc_ms_convert")
                .credentials("demo-display-key", display, "ocpc_zs_convert").jzqs("demo-display-key", "360100")
                .credentials("demo-mobile-key", mobile, "ocpc_web_convert")
                .start();
        Map<String, Object> settings = new HashMap<>();
        settings.put("qhtrack.endpoint", fake.endpoint().toString());
        settings.put("qhtrack.search.key", "demo-search-key");
        settings.put("qhtrack.search.secret", search);
        settings.put("qhtrack.display.key", "demo-display-key");
        settings.put("qhtrack.display.secret", display);
        settings.put("qhtrack.display.jzqs", "360100");
        settings.put("qhtrack.mobile.key", "demo-mobile-key");
        settings.put("qhtrack.mobile.secret", mobile);
        app.setDefaultProperties(settings);
        System.out.println("qhtrack sample: reporting to the built-in Fake360; what it received: " + fake.view());
        return fake;
    }

    private static String secret(SecureRandom random) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            hex.append(String.format("%02x", random.nextInt(256)));
        }
        return hex.toString();
    }
}
