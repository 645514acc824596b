import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { root } from "./support.js";

const exec = promisify(execFile);

/** The package's name and version, as package.json gives them. */
export const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
};

/**
 * The package as a stranger gets it: `npm pack` of this repository into a scratch folder of its
 * own, which the caller removes (`removeScratch`).
 */
export async function packed(): Promise<{ scratch: string; tarball: string }> {
  const scratch = await mkdtemp(path.join(tmpdir(), "report-package-"));
  const { stdout } = await exec("npm", ["pack", "--pack-destination", scratch, "--json"], {
    cwd: root,
    env: { ...process.env, npm_config_ignore_scripts: "true" },
    maxBuffer: 16 * 1024 * 1024,
  });
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  return { scratch, tarball: path.join(scratch, filename) };
}

/**
 * An environment without this repository: a PATH of the given folder, Node's and the system's
 * (no node_modules/.bin of the repository on the way), and none of npm's variables of this run.
 */
export function strangersEnv(bin?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FORCE_COLOR: "0",
    PATH: [...(bin ? [bin] : []), path.dirname(process.execPath), "/usr/bin", "/bin"].join(":"),
  };
  delete env.npm_package_version;
  delete env.INIT_CWD;
  return env;
}

/** `npm install` as a user runs it, from the cache where it can. */
export const npmInstall = ["--prefer-offline", "--no-audit", "--no-fund"];
