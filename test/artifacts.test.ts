import { describe, expect, it } from "vitest";
import { markArtifacts } from "../src/pdf/artifacts.js";

// Content streams as Chromium writes them, cut down: what lies outside marked content becomes
// an Artifact, nothing else moves.

describe("marking a page's unmarked drawing as artifacts", () => {
  it("wraps a running footer's text inside its text object", () => {
    const stream = "BT\n/F20 14.66 Tf\n1 0 0 -1 380 1076 Tm\n<00C4> Tj\n13.04 0 Td <0001> Tj\nET\n";
    expect(markArtifacts(stream)).toBe(
      "BT\n/F20 14.66 Tf\n1 0 0 -1 380 1076 Tm\n\n/Artifact BMC\n<00C4> Tj\n13.04 0 Td <0001> Tj\n\nEMC\nET\n",
    );
  });

  it("wraps a path from its first point to its painting, and not a clip", () => {
    const stream = "q\n0 0 10 10 re\nW* n\n1 2 3 4 re\nf\nQ\n";
    expect(markArtifacts(stream)).toBe(
      "q\n0 0 10 10 re\nW* n\n\n/Artifact BMC\n1 2 3 4 re\nf\n\nEMC\nQ\n",
    );
  });

  it("leaves tagged content alone, nested or not, and closes before a graphics state ends", () => {
    const stream =
      "/P <</MCID 0 >>BDC\nBT\n<0001> Tj\nET\n/Span BMC\n0 0 1 1 re f\nEMC\nEMC\n5 5 1 1 re f\n0 0 1 1 re f\nq\n";
    expect(markArtifacts(stream)).toBe(
      "/P <</MCID 0 >>BDC\nBT\n<0001> Tj\nET\n/Span BMC\n0 0 1 1 re f\nEMC\nEMC\n\n/Artifact BMC\n5 5 1 1 re f\n0 0 1 1 re f\n\nEMC\nq\n",
    );
  });

  it("reads literal strings whole, so a word inside one is not an operator", () => {
    const stream = "/P <</MCID 0 >>BDC\nBT\n(a (EMC) b\\) EMC) Tj\nET\nEMC\nBT\n(x) Tj\nET\n";
    expect(markArtifacts(stream)).toBe(
      "/P <</MCID 0 >>BDC\nBT\n(a (EMC) b\\) EMC) Tj\nET\nEMC\nBT\n\n/Artifact BMC\n(x) Tj\n\nEMC\nET\n",
    );
  });

  it("changes nothing where everything is marked, or where it cannot read the stream", () => {
    expect(markArtifacts("/P <</MCID 3 >>BDC\n0 0 1 1 re\nf\nEMC\n")).toBeUndefined();
    expect(markArtifacts("q\nBI /W 1 /H 1 ID x EI\nQ\n")).toBeUndefined();
    expect(markArtifacts("/P <</MCID 0 >>BDC\n0 0 1 1 re f\n")).toBeUndefined();
  });
});
