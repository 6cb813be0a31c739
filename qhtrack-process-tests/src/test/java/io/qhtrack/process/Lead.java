package io.qhtrack.process;

import java.io.IOException;
import java.net.http.HttpResponse;

/**
 * A visitor who landed from a 360 search ad ({@code /?qhclickid=…}) and sent the lead form ({@code POST /lead}, no
 * charset), and what the shop answered. {@link #answered()} is the truth for "the visitor saw success".
 */
record Lead(String clickId, String name, int status, String reply) {

    /** Lands on {@code site} with a fresh click id, then posts the lead form as {@code name}. */
    static Lead send(Site site, String name) throws IOException {
        Visitor visitor = site.visitor();
        String clickId = Visitor.clickId(16);
        HttpResponse<String> landing = visitor.get("/?qhclickid=" + clickId);
        if (landing.statusCode() != 200) {
            return new Lead(clickId, name, landing.statusCode(), "(the landing answered " + landing.statusCode() + ")");
        }
        HttpResponse<String> reply = visitor.post("/lead", "name", name, "phone", "13800138000");
        return new Lead(clickId, name, reply.statusCode(), reply.body());
    }

    /** Whether the visitor was answered 200: from then on the lead must reach 360. */
    boolean answered() {
        return status == 200;
    }

    @Override
    public String toString() {
        return "Lead[click " + clickId + ", " + status + "]";
    }
}
