package io.strata.demo;

/** The plain-Java meaning of a generated Kafka record. */
public sealed interface RecordDescription permits GeneratedTrade, GeneratedQuote, MalformedRecord {}
