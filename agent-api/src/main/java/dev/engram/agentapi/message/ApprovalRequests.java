package dev.engram.agentapi.message;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.contracts.Json;
import dev.engram.contracts.api.ApprovalItem;
import dev.engram.contracts.api.ClientTool;
import dev.engram.contracts.api.InputMessage;
import dev.engram.platform.rest.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates the approval side of a send as Letta does (its 422s): {@code ApprovalCreate} items (per-call
 * approvals and client tool returns, or the deprecated {@code approve}/{@code approval_request_id}/{@code reason}),
 * {@code ToolReturnCreate} items, and the request's {@code client_tools}.
 */
public final class ApprovalRequests {
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
  };

  /** An {@code approval} or {@code tool_return} item of {@code messages}, as the run's approval input. */
  static InputMessage parse(SendMessageRequest.MessageCreate m, String type, String at) {
    if ("tool_return".equals(type)) {
      if (m.toolReturns() == null || !m.toolReturns().isArray() || m.toolReturns().isEmpty()) {
        throw ApiException.unprocessable(at + ".tool_returns: List should have at least 1 item");
      }
      List<ApprovalItem> items = new ArrayList<>();
      for (int i = 0; i < m.toolReturns().size(); i++) {
        items.add(toolReturn(m.toolReturns().get(i), at + ".tool_returns." + i));
      }
      return InputMessage.approval(items, null, null, null, m.otid());
    }
    List<ApprovalItem> items = new ArrayList<>();
    if (m.approvals() != null && !m.approvals().isNull()) {
      if (!m.approvals().isArray()) {
        throw ApiException.unprocessable(at + ".approvals: Input should be a valid list");
      }
      for (int i = 0; i < m.approvals().size(); i++) {
        items.add(item(m.approvals().get(i), at + ".approvals." + i));
      }
    }
    if (items.isEmpty() && m.approve() == null) {
      throw ApiException.unprocessable(at + ".approvals: an approval needs at least one item in 'approvals' "
          + "(or the deprecated 'approve')");
    }
    return InputMessage.approval(items.isEmpty() ? null : items, m.approvalRequestId(), items.isEmpty()
        ? m.approve() : null, items.isEmpty() ? m.reason() : null, m.otid());
  }

  /** The request's client-side tools (null or absent: none). */
  public static List<ClientTool> clientTools(JsonNode tools) {
    if (tools == null || tools.isNull()) {
      return List.of();
    }
    if (!tools.isArray()) {
      throw ApiException.unprocessable("client_tools: Input should be a valid list");
    }
    List<ClientTool> out = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      String at = "client_tools." + i;
      if (!t.isObject()) {
        throw ApiException.unprocessable(at + ": Input should be an object");
      }
      String name = requiredText(t, "name", at);
      JsonNode description = t.path("description");
      if (!description.isMissingNode() && !description.isNull() && !description.isTextual()) {
        throw ApiException.unprocessable(at + ".description: Input should be a valid string");
      }
      JsonNode parameters = t.path("parameters");
      if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
        throw ApiException.unprocessable(at + ".parameters: Input should be a valid dictionary");
      }
      out.add(new ClientTool(name, description.isTextual() ? description.asText() : null,
          parameters.isObject() ? Json.MAPPER.convertValue(parameters, OBJECT) : null));
    }
    if (out.stream().map(ClientTool::name).distinct().count() < out.size()) {
      throw ApiException.unprocessable("client_tools: tool names must be unique");
    }
    return out;
  }

  private static ApprovalItem item(JsonNode node, String at) {
    if (!node.isObject()) {
      throw ApiException.unprocessable(at + ": Input should be an object");
    }
    String type = node.path("type").isTextual() ? node.path("type").asText()
        : node.has("approve") ? ApprovalItem.APPROVAL : ApprovalItem.TOOL;
    return switch (type) {
      case ApprovalItem.APPROVAL -> {
        String callId = requiredText(node, "tool_call_id", at);
        JsonNode approve = node.path("approve");
        if (!approve.isBoolean()) {
          throw ApiException.unprocessable(at + ".approve: Input should be a valid boolean");
        }
        JsonNode reason = node.path("reason");
        yield ApprovalItem.decision(callId, approve.asBoolean(), reason.isTextual() ? reason.asText() : null);
      }
      case ApprovalItem.TOOL -> toolReturn(node, at);
      default -> throw ApiException.unprocessable(at + ".type: Input tag '" + type + "' found using 'type' does not "
          + "match any of the expected tags: 'approval', 'tool'");
    };
  }

  private static ApprovalItem toolReturn(JsonNode node, String at) {
    if (!node.isObject()) {
      throw ApiException.unprocessable(at + ": Input should be an object");
    }
    String callId = requiredText(node, "tool_call_id", at);
    String status = requiredText(node, "status", at);
    if (!status.equals("success") && !status.equals("error")) {
      throw ApiException.unprocessable(at + ".status: Input should be 'success' or 'error'");
    }
    JsonNode value = node.path("tool_return");
    String text;
    if (value.isTextual()) {
      text = value.asText();
    } else if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(part -> parts.add(part.isTextual() ? part.asText() : part.path("text").asText(part.toString())));
      text = String.join("\n", parts);
    } else {
      throw ApiException.unprocessable(at + ".tool_return: Field required (a string or a list of content parts)");
    }
    return ApprovalItem.toolReturn(callId, status, text, lines(node.path("stdout")), lines(node.path("stderr")));
  }

  /** Letta's stdout/stderr are lists of strings; a plain string is accepted too. */
  private static String lines(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<String> lines = new ArrayList<>();
      node.forEach(l -> lines.add(l.asText()));
      return String.join("\n", lines);
    }
    return null;
  }

  private static String requiredText(JsonNode node, String field, String at) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw ApiException.unprocessable(at + "." + field + ": Field required");
    }
    return value.asText();
  }

  private ApprovalRequests() {
  }
}
