package io.qhtrack.sample;

import io.qhtrack.core.Click;
import io.qhtrack.filter.QhClick;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * One HTML page of the sample in the site's layout: header, optional demo bar, content, footer. Content is added
 * as markup that the caller built with {@link Html#esc(Object)} around every value it did not write itself.
 */
final class Page {

    private final HttpServletRequest request;
    private final String title;
    private final String context;
    private final StringBuilder content = new StringBuilder(4096);
    private String bodyClass = "";
    private boolean autoRefresh;
    private boolean tracked = true;
    private final java.util.List<String> scripts = new java.util.ArrayList<>();

    Page(HttpServletRequest request, String title) {
        this.request = request;
        this.title = title;
        this.context = request.getContextPath();
    }

    /** Appends markup (every echoed value in it escaped with {@link Html#esc(Object)}). */
    Page add(String html) {
        content.append(html);
        return this;
    }

    /** A CSS class on {@code <body>}. */
    Page bodyClass(String cssClass) {
        this.bodyClass = cssClass;
        return this;
    }

    /** A script of the site's own ({@code /assets/…}, below the context path), loaded deferred. */
    Page script(String path) {
        scripts.add(path);
        return this;
    }

    /**
     * Whether the page includes qhtrack's {@code /qhtrack.js} (default: yes, every page of the site: it captures
     * click ids in the URL fragment and reports the browser events the server allows). The demo dashboard does not.
     */
    Page tracked(boolean on) {
        this.tracked = on;
        return this;
    }

    /** Reloads the page every few seconds (while something is about to change). */
    Page autoRefresh(boolean on) {
        this.autoRefresh = on;
        return this;
    }

    /** The web application's context path, for links. */
    String context() {
        return context;
    }

    /** Writes the page with {@code status}. */
    void send(HttpServletResponse response, int status) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(render());
    }

    String render() {
        boolean demo = DemoRuntime.dashboardEnabled(request.getServletContext());
        StringBuilder html = new StringBuilder(content.length() + 4096);
        html.append("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (autoRefresh) {
            html.append("<meta http-equiv=\"refresh\" content=\"3\">\n");
        }
        html.append("<title>").append(Html.esc(title)).append(" · 青禾学堂 Qinghe Academy</title>\n")
                .append("<link rel=\"icon\" href=\"").append(Html.esc(context)).append("/assets/favicon.svg\">\n")
                .append("<link rel=\"stylesheet\" href=\"").append(Html.esc(context)).append("/assets/site.css\">\n");
        if (tracked) {
            html.append("<script src=\"").append(Html.esc(context)).append("/qhtrack.js\" defer></script>\n");
        }
        for (String script : scripts) {
            html.append("<script src=\"").append(Html.esc(context)).append(Html.esc(script)).append("\" defer></script>\n");
        }
        html
                .append("</head>\n<body class=\"").append(Html.esc(bodyClass)).append("\">\n");
        if (demo) {
            html.append(demoBar());
        }
        html.append("<header class=\"site-header\"><div class=\"wrap\">")
                .append("<a class=\"brand\" href=\"").append(Html.esc(context)).append("/\">")
                .append("<span class=\"logo\" aria-hidden=\"true\">禾</span>")
                .append("<span class=\"brand-name\">青禾学堂<small>Qinghe Academy</small></span></a>")
                .append("<nav class=\"site-nav\">")
                .append("<a href=\"").append(Html.esc(context)).append("/#courses\">课程 Courses</a>")
                .append("<a href=\"").append(Html.esc(context)).append("/#order\">报名 Enroll</a>")
                .append("<a href=\"").append(Html.esc(context)).append("/spa/\">单页版 SPA</a>");
        if (demo) {
            html.append("<a class=\"nav-demo\" href=\"").append(Html.esc(context))
                    .append("/demo/\">演示面板 Dashboard</a>");
        }
        html.append("</nav></div></header>\n<main class=\"wrap\">\n").append(content).append("\n</main>\n")
                .append("<footer class=\"site-footer\"><div class=\"wrap\">")
                .append("<span>© 青禾学堂 Qinghe Academy — a qhtrack sample site</span>")
                .append("<span>转化数据回传 360 点睛 oCPC · Conversions reported to 360 Dianjing</span>")
                .append("</div></footer>\n</body>\n</html>\n");
        return html.toString();
    }

    private String demoBar() {
        Optional<Click> click = QhClick.current(request);
        StringBuilder bar = new StringBuilder("<div class=\"demo-bar\"><div class=\"wrap\">")
                .append("<span class=\"demo-tag\">DEMO</span>");
        if (click.isPresent()) {
            Click c = click.get();
            bar.append("<span>").append(Lines.is360(c) ? "360 " : "").append("点击 click: <b>")
                    .append(Html.esc(Lines.clickName(c))).append("</b> ")
                    .append("<code class=\"click-id\" data-line=\"").append(Html.esc(Lines.clickLine(c)))
                    .append("\">")
                    .append(Html.esc(c.id())).append("</code></span>");
        } else {
            bar.append("<span class=\"muted\">还没有 360 点击 · No 360 click yet — arrive from a simulated ad on the "
                    + "dashboard</span>");
        }
        bar.append("<a href=\"").append(Html.esc(context)).append("/demo/\">演示面板 Dashboard →</a></div></div>\n");
        return bar.toString();
    }
}
