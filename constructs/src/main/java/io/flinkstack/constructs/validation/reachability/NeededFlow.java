package io.flinkstack.constructs.validation.reachability;

/**
 * A flow the product needs, with the property to change and the fix when it is blocked.
 *
 * @param field the construct property a problem names
 * @param fix what to do, for the message
 */
public record NeededFlow(Flow flow, String field, String fix) {}
