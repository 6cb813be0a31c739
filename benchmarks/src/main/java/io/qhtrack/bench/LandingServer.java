package io.qhtrack.bench;

import io.qhtrack.filter.ClickIdCaptureFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

/**
 * A minimal landing page on embedded Jetty 12 (ee10), with or without qhtrack's {@link ClickIdCaptureFilter} on
 * {@code /*}, for the whole-container benchmark ({@code benchmarks/run-wrk.sh} drives it with wrk). Listens on
 * 127.0.0.1 only.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.qhtrack.bench.LandingServer PORT filter|none}
 */
public final class LandingServer {

    private LandingServer() {
    }

    /** A small static landing page (about 1 KB), written from a byte array. */
    static final class LandingPage extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final byte[] PAGE = ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                + "<title>春季鲜花 — 示例落地页</title><meta name=\"viewport\" content=\"width=device-width\"></head>"
                + "<body><h1>春季鲜花，今日下单次日达</h1><p>" + "Fresh flowers delivered tomorrow. ".repeat(20)
                + "</p><form method=\"post\" action=\"/lead\"><input name=\"name\"><input name=\"phone\">"
                + "<button>提交</button></form></body></html>").getBytes(StandardCharsets.UTF_8);

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/html;charset=utf-8");
            response.setContentLength(PAGE.length);
            response.getOutputStream().write(PAGE);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[1].equals("filter") || args[1].equals("none"))) {
            System.err.println("usage: LandingServer PORT filter|none");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        boolean withFilter = args[1].equals("filter");

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        if (withFilter) {
            context.addFilter(new FilterHolder(new ClickIdCaptureFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new LandingPage()), "/");
        server.setHandler(context);
        server.start();
        System.out.println("LandingServer listening on http://127.0.0.1:" + connector.getLocalPort() + "/ "
                + (withFilter ? "WITH ClickIdCaptureFilter" : "without filter"));
        server.join();
    }
}
