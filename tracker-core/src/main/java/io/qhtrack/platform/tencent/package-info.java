/**
 * Tencent Ads (腾讯广告): web conversions reported in click_id mode to Tencent's Marketing API v3.0
 * {@code user_actions/add}. This description is the README's Tencent section (set-up, settings, events, open
 * questions, troubleshooting); {@link io.qhtrack.platform.tencent.Tencent} is the platform.
 *
 * <h2>How it works</h2>
 * A visitor arrives from a Tencent ad with {@code gdt_vid} (WeChat traffic) or {@code qz_gdt} (other traffic) on the
 * landing URL; qhtrack looks for {@code gdt_vid} first, then {@code qz_gdt}, and keeps the click id with the URL the
 * visitor landed on. When the visitor converts, qhtrack sends Tencent an action: {@code action_type} (mapped from
 * qhtrack's event), {@code trace.click_id}, {@code url} (the landing URL: its domain is the one registered with
 * Tencent), {@code action_time} (epoch seconds), {@code outer_action_id} (the conversion's {@code transId}, by which
 * Tencent de-duplicates) and, for an order or a payment, {@code action_param.value}. Pending conversions go together,
 * up to 50 actions and 50 KB a request, and never wait to fill a batch. Every request is authenticated
 * ({@code access_token}, {@code timestamp}, a {@code nonce} never used before) and goes over HTTPS: since 2025-03-31
 * Tencent refuses conversions sent over HTTP or without authentication. There is no monitoring link
 * ({@code __CALLBACK__}) to set up in this mode.
 *
 * <h2>Set-up</h2>
 * <ol>
 *   <li>In Tencent's conversion attribution (转化归因), create a web conversion (网页转化) reported by API, on the
 *       domain of your landing pages, with the conversion types you will report (the table below: e.g. 表单预约
 *       {@code RESERVATION} for a lead form, 下单 {@code COMPLETE_ORDER} for an order).</li>
 *   <li>Its data source (数据源) in DataNexus gives {@code qhtrack.tencent.user-action-set-id} (the data source id)
 *       and, under 查看密钥, the permanent key for {@code qhtrack.tencent.access-token}. An OAuth access token of a
 *       developer app (developers.e.qq.com) works too; it expires, so give qhtrack a {@code CredentialResolver} that
 *       refreshes it.</li>
 *   <li>{@code qhtrack.tencent.account-id} is the advertiser account id (推广帐号 id) or the DataNexus account id.</li>
 *   <li>Set the three (as environment variables: {@code QHTRACK_TENCENT_ACCESS_TOKEN},
 *       {@code QHTRACK_TENCENT_ACCOUNT_ID}, {@code QHTRACK_TENCENT_USER_ACTION_SET_ID}). Tencent is then enabled: its clicks are captured and its
 *       conversions reported. Nothing else changes in the application.</li>
 * </ol>
 *
 * <h2>Settings</h2>
 * <table>
 *   <caption>Tencent's settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code qhtrack.tencent.access-token}</td><td>—</td><td>secret: the DataNexus key or an OAuth access
 *       token; never logged, shown or stored</td></tr>
 *   <tr><td>{@code qhtrack.tencent.account-id}</td><td>—</td><td>sent as {@code account_id}</td></tr>
 *   <tr><td>{@code qhtrack.tencent.user-action-set-id}</td><td>—</td><td>sent as {@code user_action_set_id}</td></tr>
 *   <tr><td>{@code qhtrack.tencent.enabled}</td><td>on when the three above are set</td><td>{@code true} for
 *       credentials that a custom {@code CredentialResolver} gives (several advertisers)</td></tr>
 *   <tr><td>{@code qhtrack.tencent.endpoint}</td><td>{@code https://api.e.qq.com/v3.0/user_actions/add}</td>
 *       <td>https only (plain http only to a loopback address, for tests); must not carry {@code access_token},
 *       {@code timestamp} or {@code nonce} itself</td></tr>
 *   <tr><td>{@code qhtrack.tencent.auth}</td><td>{@code query}</td><td>where the token goes: {@code query},
 *       {@code header} ({@code access_token} header) or {@code header-hyphen} ({@code access-token} header);
 *       {@code timestamp} and {@code nonce} stay in the query</td></tr>
 *   <tr><td>{@code qhtrack.tencent.value-unit}</td><td>{@code fen}</td><td>the unit of {@code action_param.value}:
 *       {@code fen} (¥23.45 is {@code 2345}) or {@code yuan} ({@code 23.45}; a whole amount as an integer,
 *       {@code 300})</td></tr>
 *   <tr><td>{@code qhtrack.tencent.events}</td><td>the table below</td><td>overrides, e.g.
 *       {@code SUBMIT=LEAVE_INFORMATION,CALL=} (empty: not reported to Tencent); Spring Boot also binds
 *       {@code qhtrack.tencent.events.SUBMIT=LEAVE_INFORMATION}</td></tr>
 *   <tr><td>{@code qhtrack.tencent.batch-size}</td><td>{@code 50}</td><td>the most actions a request, 1 to 50</td></tr>
 *   <tr><td>{@code qhtrack.tencent.rate}</td><td>{@code 4000/PT1M}</td><td>requests per access token on this node;
 *       with N nodes sharing a token, set 1/N of Tencent's limit on each</td></tr>
 *   <tr><td>{@code qhtrack.tencent.window}</td><td>{@code natural-day}</td><td>how long a failed conversion may still
 *       be sent: its natural day in {@code qhtrack.zone} (as 360), or an ISO-8601 duration such as
 *       {@code P7D}</td></tr>
 * </table>
 *
 * <h2>Events</h2>
 * qhtrack's events are reported as these action types; the others are not reported to Tencent unless mapped with
 * {@code qhtrack.tencent.events}. The types marked "key" stand for one form, order or payment: the conversion must
 * carry its {@code transId} ({@code transIdFromForm}, {@code transIdFromOrderId}), sent as {@code outer_action_id},
 * or the report is {@code INVALID}; the others send it when there is one. Only {@code COMPLETE_ORDER} and
 * {@code PURCHASE} carry an amount: an amount on another type is {@code INVALID}.
 * <table>
 *   <caption>Default mapping</caption>
 *   <tr><th>qhtrack event</th><th>{@code action_type}</th><th>Tencent's name</th><th>amount</th><th>key</th></tr>
 *   <tr><td>{@code SUBMIT}</td><td>{@code RESERVATION}</td><td>表单预约</td><td></td><td>key</td></tr>
 *   <tr><td>{@code CALL_BUTTON}</td><td>{@code MAKE_PHONE_CALL}</td><td>拨打电话</td><td></td><td></td></tr>
 *   <tr><td>{@code CALL}</td><td>{@code PHONE_CONNECTED}</td><td>电话接通</td><td></td><td></td></tr>
 *   <tr><td>{@code ADVISORY}</td><td>{@code CONSULT}</td><td>咨询</td><td></td><td></td></tr>
 *   <tr><td>{@code LEAVE_CONTACT}</td><td>{@code LEAVE_INFORMATION}</td><td>留资</td><td></td><td>key</td></tr>
 *   <tr><td>{@code ORDER}, {@code PLACE_ORDER}</td><td>{@code COMPLETE_ORDER}</td><td>下单</td><td>amount</td>
 *       <td>key</td></tr>
 *   <tr><td>{@code PAY}, {@code PAY_SUCCESS}</td><td>{@code PURCHASE}</td><td>付费/购买</td><td>amount</td>
 *       <td>key</td></tr>
 *   <tr><td>{@code ADD_FANS_WX}</td><td>{@code ADD_WECHAT}</td><td>加微信</td><td></td><td></td></tr>
 *   <tr><td>{@code REGISTERED}</td><td>{@code REGISTER}</td><td>注册</td><td></td><td></td></tr>
 *   <tr><td>(override only)</td><td>{@code ONLINE_CONSULT}, {@code SCANCODE}, {@code CONFIRM_EFFECTIVE_LEADS}</td>
 *       <td>网页咨询, 加企微, 有效线索</td><td></td><td></td></tr>
 * </table>
 *
 * <h2>What Tencent's documents leave open</h2>
 * <ul>
 *   <li><b>Where the token goes.</b> Tencent's developer guide and official Java SDK put {@code access_token} in the
 *       query (the default); curl examples on other pages send it as a header, {@code access_token} on one and
 *       {@code access-token} on another. If Tencent answers 11005 (no token) or 12000 (missing access_token,
 *       timestamp or nonce) while the token is set, try {@code qhtrack.tencent.auth=header} or
 *       {@code header-hyphen}. The token is never logged in any mode.</li>
 *   <li><b>The unit of amounts.</b> One industry page counts {@code value} in fen ("4000 代表 40 元"), others in yuan
 *       ("300 代表 300 元"). qhtrack sends fen unless {@code qhtrack.tencent.value-unit=yuan}. Compare an order's
 *       amount in Tencent's report with the one you sent. A pending conversion is written in the unit in force when
 *       it is sent.</li>
 *   <li><b>How long a conversion may be re-sent.</b> Tencent states no window; qhtrack retries until the end of the
 *       conversion's natural day (China time) unless {@code qhtrack.tencent.window} says otherwise.</li>
 *   <li><b>v1.1 and v3.0.</b> The older {@code action/add} names the data source {@code data_source_id}; qhtrack uses
 *       v3.0 and {@code user_action_set_id}.</li>
 * </ul>
 *
 * <h2>Troubleshooting by Tencent's answer</h2>
 * <table>
 *   <caption>Tencent's codes and what qhtrack does</caption>
 *   <tr><th>code</th><th>Tencent says</th><th>qhtrack</th><th>what to do</th></tr>
 *   <tr><td>0</td><td>—</td><td>delivered</td><td></td></tr>
 *   <tr><td>11000, 11002, 11004</td><td>access_token 已过期 / 无效 / 格式不正确</td><td>parks Tencent's conversions and
 *       alerts; no retries</td><td>set a valid token (DataNexus → 数据源 → 查看密钥); parked conversions still inside
 *       their window are sent after a restart, a changed token from the resolver, or
 *       {@code qhtrack outbox replay --platform tencent}</td></tr>
 *   <tr><td>11005, 12000</td><td>access_token 为必填字段 / 缺少必须参数 access_token,timestamp,nonce</td><td>parks
 *       and alerts</td><td>check {@code qhtrack.tencent.auth}, and that no proxy strips the query or the
 *       header</td></tr>
 *   <tr><td>11007, 11014</td><td>应用 id 无效 / 接口超出了授权范围</td><td>parks and alerts</td><td>the OAuth app is
 *       not valid or not authorised for 数据上报: use the data source's own key</td></tr>
 *   <tr><td>11016, 11017, 11019, 11008</td><td>每秒 / 分钟频次上限 / 请求过于频繁</td><td>waits 1 s (11016) or 1 min,
 *       sending nothing with that token meanwhile, then retries</td><td>with several nodes on one token, lower
 *       {@code qhtrack.tencent.rate} on each</td></tr>
 *   <tr><td>11018</td><td>天频次上限</td><td>retries hourly</td><td>ask Tencent to raise the quota</td></tr>
 *   <tr><td>12100, 12101</td><td>nonce 已被使用 / 时间戳过期</td><td>retries, alerts</td><td>12101: synchronise the
 *       server's clock (Tencent allows 300 s); 12100: look for a proxy that replays requests</td></tr>
 *   <tr><td>10000</td><td>系统繁忙</td><td>retries with backoff</td><td></td></tr>
 *   <tr><td>any other</td><td>the request is refused</td><td>the actions {@code errors} names are dead-lettered
 *       with Tencent's reason (kept, replayable); the others are sent again without them</td><td>read the reason:
 *       usually a {@code url} off the registered domain, a conversion type not set up in 转化归因, or an amount in
 *       the wrong unit</td></tr>
 *   <tr><td>not Tencent's JSON</td><td>(a proxy's page, a 5xx, a timeout)</td><td>retries with backoff until the
 *       window ends; a 4xx page alerts</td><td>a 404 or 405 usually means a wrong
 *       {@code qhtrack.tencent.endpoint}</td></tr>
 * </table>
 * {@code X-RateLimit-Remaining} at or below 200 slows qhtrack down before Tencent says 11017.
 */
package io.qhtrack.platform.tencent;
