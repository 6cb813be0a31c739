/**
 * Baidu oCPC (百度营销) web conversions, the 线索 API: {@link io.qhtrack.platform.baidu.Baidu}. When a visitor lands
 * from a Baidu ad, the capture filter keeps the click id {@code bd_vid} <em>and the landing URL it arrived on</em>;
 * when the visitor converts, qhtrack uploads that URL ({@code logidUrl}) with Baidu's conversion type
 * ({@code newType}), the time and, for orders and payments, the amount, several conversions per request.
 *
 * <p>What follows is the text of the README's Baidu section. Protocol facts come from {@code spec/baidu-ocpc.md},
 * where each carries its source; where the sources disagree, the section "Open questions" says what qhtrack does.
 *
 * <h2>Set up</h2>
 * <ol>
 *   <li>In Baidu's console (百度营销, the search or feed account), create the conversion tracking of your site with
 *       the access method <em>API</em> (API 回传, 线索 API). Older consoles have it under 工具中心 → 转化追踪 → 新建转化追踪;
 *       newer ones under 资产中心 → 事件管理 (create the site as a 自建站 asset, then add its events). Menu names change;
 *       Baidu's help is the reference.</li>
 *   <li>Add each conversion type you will send (the table below) to that tracking. Baidu only trains on the types the
 *       console knows for the account ("模型可用的转化类型请以推广后台新建转化追踪披露的转化类型为准").</li>
 *   <li>Copy the account's token from the same page into {@code qhtrack.baidu.token} (environment:
 *       {@code QHTRACK_BAIDU_TOKEN}). One token per account; third-party guides say a token may also upload for the
 *       other accounts of the same advertiser, which Baidu tells apart by {@code bd_vid}. The token is a secret:
 *       qhtrack sends it in the body of each upload and never logs, shows or stores it. Setting it turns Baidu on
 *       ({@code qhtrack.baidu.enabled=false} turns it off; {@code true} turns it on without a token in the settings,
 *       for a {@code CredentialResolver} that gives one).</li>
 *   <li>Ad URLs: search ads need nothing, Baidu appends {@code bd_vid=…} itself; feed ads put Baidu's wildcard for it
 *       in the URL (an unreplaced wildcard such as {@code __BD_VID__} or {@code {{BD_VID}}} is never taken for a click
 *       id). Third-party guides say {@code bd_vid} starts appearing about three hours after the tracking is set up.</li>
 * </ol>
 *
 * <h2>Settings</h2>
 * <table>
 *   <caption>Baidu's settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code qhtrack.baidu.token}</td><td>—</td><td>the account's API token (secret); Baidu is on when it is
 *       set</td></tr>
 *   <tr><td>{@code qhtrack.baidu.endpoint}</td><td>{@code https://ocpc.baidu.com/ocpcapi/api/uploadConvertData}</td>
 *       <td>where uploads go; plain http only to a loopback address (a local FakeBaidu)</td></tr>
 *   <tr><td>{@code qhtrack.baidu.events}</td><td>the table below</td><td>overrides: {@code PAY=10, WX_BUTTON_C=}
 *       (an empty type: not reported to Baidu); Spring Boot also binds {@code qhtrack.baidu.events.PAY=10}, which wins
 *       over the list</td></tr>
 *   <tr><td>{@code qhtrack.baidu.batch-size}</td><td>{@code 50}</td><td>the most conversions in one request, 1 to 99
 *       (Baidu takes fewer than 100); what is due is sent at once, never held back to fill a batch</td></tr>
 *   <tr><td>{@code qhtrack.baidu.window}</td><td>{@code natural-day}</td><td>how long a failed conversion may still
 *       be sent: the end of its natural day in {@code qhtrack.zone} (default {@code Asia/Shanghai}), or an ISO-8601
 *       duration such as {@code P1D}</td></tr>
 *   <tr><td>{@code qhtrack.baidu.enabled}</td><td>on when the token is set</td><td>capture {@code bd_vid} and report
 *       to Baidu</td></tr>
 * </table>
 *
 * <h2>Conversion types</h2>
 * qhtrack's events map to Baidu's {@code newType} as below (DESIGN.md's table); an event without a type answers
 * {@code EVENT_NOT_OFFERED}. Set up the types you use in Baidu's console, and map others with
 * {@code qhtrack.baidu.events} (for example {@code ADVISORY_DEPTH=17}, {@code PAY=45}).
 * <table>
 *   <caption>Default mapping</caption>
 *   <tr><th>qhtrack event</th><th>{@code newType}</th><th>Baidu's console</th><th>amount</th></tr>
 *   <tr><td>{@code ADVISORY_BUTTON}</td><td>1</td><td>咨询按钮点击</td><td></td></tr>
 *   <tr><td>{@code CALL_BUTTON}</td><td>2</td><td>电话按钮点击</td><td></td></tr>
 *   <tr><td>{@code SUBMIT}</td><td>3</td><td>表单提交成功</td><td></td></tr>
 *   <tr><td>{@code SUBMIT_BUTTON}</td><td>5</td><td>表单按钮点击</td><td></td></tr>
 *   <tr><td>{@code PAY_SUCCESS}</td><td>10</td><td>购买成功</td><td>yes</td></tr>
 *   <tr><td>{@code ORDER}, {@code PLACE_ORDER}</td><td>14</td><td>订单提交成功</td><td>yes</td></tr>
 *   <tr><td>{@code EFFECTIVE_ADVISORY}</td><td>17</td><td>三句话咨询</td><td></td></tr>
 *   <tr><td>{@code LEAVE_CONTACT}</td><td>18</td><td>留线索</td><td></td></tr>
 *   <tr><td>{@code ADVISORY}</td><td>19</td><td>一句话咨询</td><td></td></tr>
 *   <tr><td>{@code SITE_VISIT_DEPTH}, {@code VPPV}</td><td>20</td><td>深度页面访问</td><td></td></tr>
 *   <tr><td>{@code PAY}</td><td>26</td><td>付费</td><td>yes</td></tr>
 *   <tr><td>{@code CALL}</td><td>30</td><td>电话拨通</td><td></td></tr>
 *   <tr><td>{@code WX_BUTTON_C}</td><td>35</td><td>微信复制按钮点击</td><td></td></tr>
 *   <tr><td>{@code ADD_FANS_WX}</td><td>79</td><td>微信加粉成功</td><td></td></tr>
 *   <tr><td>(none by default)</td><td>45</td><td>商品下单成功</td><td>yes</td></tr>
 * </table>
 * Type 4 is disputed (open question 1): nothing is ever sent as it, and an explicit {@code qhtrack.baidu.events}
 * entry to 4 is refused at start-up, naming the setting. Types beyond the spec page's list (Baidu's own example shows 27)
 * are refused at start-up until the list grows.
 *
 * <h2>What is sent</h2>
 * {@code POST} with {@code Content-Type: application/json;charset=utf-8} and the body
 * {@code {"token":"…","conversionTypes":[…]}}, one item per conversion (two conversions of one click are two items,
 * told apart by their position):
 * <ul>
 *   <li>{@code logidUrl}: the URL the visitor landed on, with its {@code bd_vid} (scheme, host, path and query, never
 *       the fragment; at most 1024 characters);</li>
 *   <li>{@code newType}: the type of the table above;</li>
 *   <li>{@code convertTime}: when the conversion happened, in epoch seconds (always sent: open question 2);</li>
 *   <li>{@code convertValue}: the amount in fen, only for the types marked "amount" and only when the conversion has
 *       one (an amount on another type is refused as {@code INVALID} when it is reported);</li>
 *   <li>{@code outerEventId}: the conversion's key, derived like 360's {@code trans_id} (the md5 of the form's
 *       content or of the order id, or the page view's id for a browser event), at most 255 bytes (open question
 *       3). Sent when the conversion has one, left out otherwise; required only for the lead forms, orders and payments
 *       ({@code newType} 3, 10, 14, 18, 26, 45: {@code SUBMIT}, {@code LEAVE_CONTACT}, {@code ORDER},
 *       {@code PLACE_ORDER}, {@code PAY}, {@code PAY_SUCCESS}), which a visitor can submit twice and which must count
 *       once, as for Tencent.</li>
 * </ul>
 * A click kept without its landing URL, or whose landing URL does not carry its {@code bd_vid}, and a lead form, order
 * or payment without a key, are refused as {@code INVALID} when reported, naming the field and the fix.
 * {@code ./qhtrack send --platform baidu --landing-url URL … --dry-run} prints the request with the token as
 * {@code ******}.
 *
 * <h2>Answers and troubleshooting</h2>
 * Baidu answers HTTP 200 with {@code {"header":{"status":N,"desc":"…","errors":[…]}}}; qhtrack reads the status,
 * never {@code desc}.
 * <table>
 *   <caption>Baidu's answers</caption>
 *   <tr><th>answer</th><th>meaning</th><th>what qhtrack does, what to do</th></tr>
 *   <tr><td>status 0</td><td>accepted</td><td>delivered</td></tr>
 *   <tr><td>status 1</td><td>some conversions refused</td><td>each conversion that {@code errors} names is
 *       dead-lettered with Baidu's reason, the others are delivered. Fix the cause (the reason names the field:
 *       usually a {@code logidUrl} whose {@code bd_vid} Baidu does not know, or a type not set up in the console),
 *       then replay the dead letters</td></tr>
 *   <tr><td>status 2</td><td>every conversion refused</td><td>dead-lettered, each with its reason; as for status 1</td></tr>
 *   <tr><td>status 3</td><td>the token is invalid</td><td>Baidu's conversions are parked (no attempts, no retries
 *       spent) and an alert raised (a log line, the {@code parked} metric, the health details). Copy the token again
 *       from the console into {@code qhtrack.baidu.token}; parked conversions still in their window are sent when the
 *       token changes, on a restart, or with {@code qhtrack outbox replay --platform baidu}</td></tr>
 *   <tr><td>status 4</td><td>Baidu's server failed</td><td>retried with the engine's backoff until the end of the
 *       window</td></tr>
 *   <tr><td>another status, HTTP other than 2xx, a body that is not Baidu's JSON</td><td>not an answer qhtrack
 *       knows (a proxy's error page, a wrong {@code qhtrack.baidu.endpoint})</td><td>retried until the end of the
 *       window, then {@code EXPIRED} with the last answer quoted; check the endpoint</td></tr>
 * </table>
 * Status 1 and 2 name a refused conversion by the {@code position} of its error: {@code conversionTypes[2]} (maybe
 * followed by the field) or {@code 2}, counted from 0. Baidu does not document {@code position}; an answer whose
 * errors name no conversion this way is read as not saying which were refused: qhtrack sends the batch once more,
 * then in halves, until the refused conversion stands alone (conversions Baidu had accepted may then be sent twice;
 * their {@code outerEventId} is the same each time).
 *
 * <h2>Open questions (spec page) and what qhtrack does</h2>
 * <ol>
 *   <li>{@code newType} 4 means "APP激活" in Baidu's SDK and "购买成功" in a blog post: nothing is ever sent as it;
 *       an explicit {@code qhtrack.baidu.events} entry to 4 is refused at start-up.</li>
 *   <li>{@code convertTime} is required "for type 46" (SDK) or "for 45 to 48" (a Python client): qhtrack always sends
 *       it, which satisfies both.</li>
 *   <li>Whether Baidu de-duplicates by {@code outerEventId} is not documented: qhtrack sends it whenever the conversion has a
 *       key and never relies on it; its own de-duplication (the conversion key per click, event and window) keeps a resubmitted form one
 *       conversion.</li>
 *   <li>No rate limit and no re-upload window are known: no rate limit is applied, and a failed conversion is retried
 *       until the end of its natural day, China time, like 360's ({@code qhtrack.baidu.window}).</li>
 * </ol>
 */
package io.qhtrack.platform.baidu;
