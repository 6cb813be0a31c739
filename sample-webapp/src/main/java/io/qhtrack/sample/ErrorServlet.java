package io.qhtrack.sample;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The site's error page, for every status and exception ({@code <error-page>} in {@code web.xml}): the status and a
 * plain sentence, no container banner, no stack trace, no echo of the request. The error dispatch goes through
 * {@link SecurityHeadersFilter} like every other response.
 */
public final class ErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** For the container. */
    public ErrorServlet() {
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer ? (Integer) code : HttpServletResponse.SC_NOT_FOUND;
        String title = status == 404 ? "页面不存在 Page not found"
                : status == 405 ? "不支持的请求 Method not allowed"
                : status >= 500 ? "服务器出错 Something went wrong" : "请求有误 Bad request";
        Page page = new Page(request, title);
        page.add("<section class=\"card result\"><h1>" + Html.esc(title) + "</h1><p class=\"lead-text\">HTTP "
                + status + "</p><div class=\"actions\"><a class=\"button ghost\" href=\"" + Html.esc(page.context())
                + "/\">返回首页 Back to the course</a></div></section>");
        page.send(response, status);
    }
}
