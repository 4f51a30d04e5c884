package onair.local.cloud.edge;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import onair.local.cloud.aws.Xml;
import org.w3c.dom.Element;

/**
 * Applies a stored response headers policy to a viewer response like CloudFront: security headers and custom
 * headers (honouring each Override flag: true replaces the origin's value, false keeps it) and removed headers.
 */
final class ResponseHeadersPolicies {
    private ResponseHeadersPolicies() {
    }

    /** {@code headers} is case-insensitive (TreeMap with CASE_INSENSITIVE_ORDER) and is modified in place. */
    static void apply(Element config, TreeMap<String, List<String>> headers) {
        if (config == null) {
            return;
        }
        Element security = Xml.child(config, "SecurityHeadersConfig");
        if (security != null) {
            Element hsts = Xml.child(security, "StrictTransportSecurity");
            if (hsts != null) {
                String value = "max-age=" + Xml.text(hsts, "AccessControlMaxAgeSec")
                        + (Xml.bool(hsts, "IncludeSubdomains") ? "; includeSubDomains" : "")
                        + (Xml.bool(hsts, "Preload") ? "; preload" : "");
                set(headers, "Strict-Transport-Security", value, Xml.bool(hsts, "Override"));
            }
            Element csp = Xml.child(security, "ContentSecurityPolicy");
            if (csp != null) {
                set(headers, "Content-Security-Policy", Xml.text(csp, "ContentSecurityPolicy"), Xml.bool(csp, "Override"));
            }
            Element cto = Xml.child(security, "ContentTypeOptions");
            if (cto != null) {
                set(headers, "X-Content-Type-Options", "nosniff", Xml.bool(cto, "Override"));
            }
            Element frame = Xml.child(security, "FrameOptions");
            if (frame != null) {
                set(headers, "X-Frame-Options", Xml.text(frame, "FrameOption"), Xml.bool(frame, "Override"));
            }
            Element referrer = Xml.child(security, "ReferrerPolicy");
            if (referrer != null) {
                set(headers, "Referrer-Policy", Xml.text(referrer, "ReferrerPolicy"), Xml.bool(referrer, "Override"));
            }
            Element xss = Xml.child(security, "XSSProtection");
            if (xss != null) {
                String value = Xml.bool(xss, "Protection") ? "1" : "0";
                if (Xml.bool(xss, "Protection") && Xml.bool(xss, "ModeBlock")) {
                    value += "; mode=block";
                } else if (Xml.bool(xss, "Protection") && Xml.text(xss, "ReportUri") != null) {
                    value += "; report=" + Xml.text(xss, "ReportUri");
                }
                set(headers, "X-XSS-Protection", value, Xml.bool(xss, "Override"));
            }
        }
        for (Element h : Xml.children(Xml.child(config, "CustomHeadersConfig", "Items"), null)) {
            set(headers, Xml.text(h, "Header"), Xml.text(h, "Value"), Xml.bool(h, "Override"));
        }
        for (Element h : Xml.children(Xml.child(config, "RemoveHeadersConfig", "Items"), null)) {
            headers.remove(Xml.text(h, "Header"));
        }
        Element timing = Xml.child(config, "ServerTimingHeadersConfig");
        if (timing != null && Xml.bool(timing, "Enabled")) {
            set(headers, "Server-Timing", "cdn-cache-miss;dur=0", true);
        }
    }

    private static void set(Map<String, List<String>> headers, String name, String value, boolean override) {
        if (name == null || value == null) {
            return;
        }
        if (override || !headers.containsKey(name)) {
            headers.put(name, List.of(value));
        }
    }
}
