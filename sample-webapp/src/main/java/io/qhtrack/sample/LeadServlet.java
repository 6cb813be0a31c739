package io.qhtrack.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /lead} (fields {@code name}, {@code phone}): a lead. There is no qhtrack code here: the context-param
 * {@code qhtrack.triggers=POST /lead=SUBMIT} in {@code web.xml} makes qhtrack report {@code SUBMIT} once this
 * servlet has answered 2xx, with {@code trans_id} derived from the form content. An invalid form answers 400, and
 * nothing is reported.
 *
 * <p>Answers a page, or JSON ({@code {"ok":true,"name":…}}) when the request accepts {@code application/json}, as
 * the single-page app's does.
 */
public final class LeadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** For the container. */
    public LeadServlet() {
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LeadForm form = LeadForm.from(request);
        if (wantsJson(request)) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("ok", form.valid());
            if (form.valid()) {
                answer.put("name", form.name());
            } else {
                answer.put("errors", form.errors());
            }
            response.setStatus(form.valid() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            JSON.writeValue(response.getWriter(), answer);
            return;
        }
        if (!form.valid()) {
            LandingPage.render(request, form, OrderForm.fresh()).send(response, HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        Page page = new Page(request, "预约成功 Thank you");
        String ctx = Html.esc(page.context());
        page.add("<section class=\"card result\">"
                + "<div class=\"result-icon ok\" aria-hidden=\"true\">✓</div>"
                + "<h1>谢谢，<span class=\"visitor-name\">" + Html.text(form.name()) + "</span>！</h1>"
                + "<p class=\"lead-text\">Thank you, <span class=\"visitor-name\">" + Html.text(form.name())
                + "</span>. A course advisor will call <b>" + Html.text(form.phone()) + "</b> within one "
                + "working day to arrange your free trial class.</p>"
                + "<div class=\"actions\"><a class=\"button\" href=\"" + ctx + "/#order\">立即报名 Enroll now</a>"
                + "<a class=\"button ghost\" href=\"" + ctx + "/\">返回首页 Back to the course</a></div>");
        if (DemoRuntime.dashboardEnabled(request.getServletContext())) {
            page.add("<aside class=\"demo-note\"><b>Demo ·</b> this servlet has no qhtrack code: the trigger "
                    + "<code>POST /lead=SUBMIT</code> in <code>web.xml</code> reports <code>SUBMIT</code> after "
                    + "this page is answered, with <code>trans_id</code> = md5 of the form. "
                    + "<a href=\"" + ctx + "/demo/\">See it on the dashboard →</a></aside>");
        }
        page.add("</section>");
        page.send(response, HttpServletResponse.SC_OK);
    }

    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json");
    }
}
