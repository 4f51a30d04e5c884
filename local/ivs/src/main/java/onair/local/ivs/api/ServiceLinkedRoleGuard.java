package onair.local.ivs.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import onair.local.iam.ServiceLinkedRoles;
import onair.local.ivs.http.Http;

/**
 * CreateRecordingConfiguration needs the service-linked role AWSServiceRoleForIVSRecordToS3, which IVS creates with
 * the caller's permission the first time (https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/security-service-linked-roles.html):
 * the role is looked up in the emulated IAM (moto) and, when absent, created if the caller's policies allow
 * iam:CreateServiceLinkedRole (evaluated by onair.local.iam), else the call fails with AccessDeniedException, HTTP 403,
 * the error the botocore model lists for CreateRecordingConfiguration (ivs 2020-07-14). The message text is modelled
 * on IAM's "is not authorized to perform" wording; IVS's own text for this case is not documented.
 * Every other request goes straight to the API.
 */
public final class ServiceLinkedRoleGuard implements HttpHandler {

    private final HttpHandler api;
    private final ServiceLinkedRoles roles;
    private final String account;
    private final ObjectMapper mapper;

    public ServiceLinkedRoleGuard(HttpHandler api, ServiceLinkedRoles roles, String account, ObjectMapper mapper) {
        this.api = api;
        this.roles = roles;
        this.account = account;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        if ("POST".equals(ex.getRequestMethod()) && "/CreateRecordingConfiguration".equals(ex.getRequestURI().getRawPath())) {
            try {
                roles.ensureIvsRecordToS3(account, ex.getRequestHeaders().getFirst("Authorization"));
            } catch (ServiceLinkedRoles.Denied e) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("x-amzn-ErrorType", "AccessDeniedException");
                ObjectNode body = mapper.createObjectNode().put("exceptionMessage", e.getMessage()).put("message", e.getMessage());
                Http.send(ex, 403, "application/json", mapper.writeValueAsBytes(body));
                return;
            } catch (RuntimeException e) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("x-amzn-ErrorType", "InternalServerException");
                ObjectNode body = mapper.createObjectNode().put("message", "service-linked role check failed: " + e.getMessage());
                Http.send(ex, 500, "application/json", mapper.writeValueAsBytes(body));
                return;
            }
        }
        api.handle(ex);
    }
}
