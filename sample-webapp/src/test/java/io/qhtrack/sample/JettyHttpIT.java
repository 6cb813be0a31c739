package io.qhtrack.sample;

import io.qhtrack.sample.launcher.DemoServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** {@link SampleHttpFlow} on embedded Jetty 12, deployed by the launcher's {@link DemoServer}. */
class JettyHttpIT extends SampleHttpFlow {

    private DemoServer server;

    @Override
    URI deploy(Path war, Map<String, String> contextParams) throws Exception {
        DemoServer.Builder builder = DemoServer.builder().war(war).host("127.0.0.1").port(0);
        contextParams.forEach(builder::contextParam);
        server = builder.start();
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    void undeploy() {
        if (server != null) {
            server.close();
        }
    }
}
