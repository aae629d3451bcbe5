package io.numbat.processor.remedy;

/**
 * The GC playbook's intent: garbage-collect a node. The processor carries it out as the Manage issue's node action
 * ({@link GcActions}: a signed {@code OperatorAction} GC of the whole node on {@code numbat.actions}, carried out at
 * most once per request id by the agent that watches the node).
 *
 * @param requestId derived from the remediation id ({@code <id>/gc}), so a redelivery asks once
 * @param remediationId the remediation that asks
 * @param node the node to collect, as the remediation names it (the deployer's name when it knows the node)
 * @param agentNode the node as its agent knows it (the alarm's node, e.g. the Erlang name {@code web-1@h}): the
 *     action's key and node
 * @param reason why, for the audit trail
 */
public record GcRequest(String requestId, String remediationId, String node, String agentNode, String reason) {}
