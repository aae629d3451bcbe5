package io.numbat.processor.remedy;

/**
 * The GC playbook's intent: garbage-collect {@code node}. Not wired yet: the wiring maps it to the Manage issue's
 * node action ({@code numbat action gc}, an {@code OperatorAction} with {@code requestId}, carried out at most once).
 *
 * @param requestId derived from the remediation id ({@code <id>/gc}), so a redelivery asks once
 * @param remediationId the remediation that asks
 * @param node the node to collect
 * @param reason why, for the audit trail
 */
public record GcRequest(String requestId, String remediationId, String node, String reason) {}
