package io.qhtrack.filter;

import io.qhtrack.core.Click;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The application under the filter. By path (below the context path):
 * <ul>
 *   <li>{@code /form}: reads form parameters the ordinary way, after {@code setCharacterEncoding} from the
 *       {@code X-Form-Charset} header, and echoes {@code name};</li>
 *   <li>{@code /raw}: echoes the request body byte for byte;</li>
 *   <li>{@code /redirect}: 302 to {@code /landing};</li>
 *   <li>{@code /stream}: 64 KiB flushed in 4 KiB pieces (the response commits at the first flush);</li>
 *   <li>{@code /forward}: forwards to {@code /landing?qhclickid=} the {@code X-Forward-Id} header;</li>
 *   <li>{@code /public}: a page the application marks {@code Cache-Control: public, max-age=600};</li>
 *   <li>{@code /clicks}: every click of {@link QhClick#all}, one a line: {@code <click> <landing URL or ->};</li>
 *   <li>anything else: {@code click=<click>} or {@code click=none}, from {@link QhClick#current}, where
 *       {@code <click>} is {@code <line>:<id>:<epoch seconds>} for a 360 click, and
 *       {@code <platform>:<line>:<id>:<epoch seconds>} for another platform's.</li>
 * </ul>
 */
final class EchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        switch (path) {
            case "/form": {
                String charset = request.getHeader("X-Form-Charset");
                if (charset != null) {
                    request.setCharacterEncoding(charset);
                }
                reply(response, "name=" + request.getParameter("name") + "\n" + describe(request));
                return;
            }
            case "/raw": {
                byte[] body = request.getInputStream().readAllBytes();
                response.setContentType("application/octet-stream");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                return;
            }
            case "/redirect":
                response.sendRedirect(request.getContextPath() + "/landing");
                return;
            case "/stream": {
                response.setContentType("text/plain;charset=utf-8");
                ServletOutputStream out = response.getOutputStream();
                byte[] piece = new byte[4096];
                Arrays.fill(piece, (byte) 'x');
                for (int i = 0; i < 16; i++) {
                    out.write(piece);
                    out.flush();
                }
                return;
            }
            case "/public":
                response.setHeader("Cache-Control", "public, max-age=600");
                reply(response, describe(request));
                return;
            case "/clicks": {
                StringBuilder lines = new StringBuilder();
                for (Click click : QhClick.all(request)) {
                    lines.append(describe(click)).append(' ').append(click.landingUrl().orElse("-")).append('\n');
                }
                reply(response, lines.toString());
                return;
            }
            case "/forward":
                request.getRequestDispatcher("/landing?qhclickid=" + request.getHeader("X-Forward-Id"))
                        .forward(request, response);
                return;
            default:
                reply(response, describe(request));
        }
    }

    static String describe(HttpServletRequest request) {
        return "click=" + QhClick.current(request).map(EchoServlet::describe).orElse("none");
    }

    /** {@code <line>:<id>:<epoch seconds>} for a 360 click, with {@code <platform>:} before it for another's. */
    static String describe(Click c) {
        return (CapturePlatforms.QIHOO360.equals(c.platform()) ? "" : c.platform() + ":") + c.lineId() + ":" + c.id()
                + ":" + c.capturedAt().getEpochSecond();
    }

    private static void reply(HttpServletResponse response, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
