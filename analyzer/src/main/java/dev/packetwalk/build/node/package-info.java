/**
 * The one conversion from node evidence files to the neutral {@code dev.packetwalk.model.node} model: each file is
 * read with its parser (which keeps the vendor text faithfully, with warnings), and the parsed records are converted
 * here and nowhere else. Every file read gets a coverage row, so a check can tell "absent on the node" from "not
 * collected".
 */
package dev.packetwalk.build.node;
