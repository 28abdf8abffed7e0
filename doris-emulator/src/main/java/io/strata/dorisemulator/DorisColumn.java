package io.strata.dorisemulator;

/** A column of an emulated Doris table. */
public record DorisColumn(String name, DorisType type, boolean nullable, String comment) {}
