import type { Command } from "commander";
import { loadTemplates, TemplateError } from "../../notify/templates.ts";
import { configOf } from "../context.ts";
import { CliError } from "../output.ts";

/** `mogura notices check-templates`: the notice templates load and render, or which file is wrong. */
export function noticesCommand(program: Command) {
  const cmd = program.command("notices").description("customer notices and their templates");
  cmd
    .command("check-templates")
    .description(
      "load and render every notice template with sample data (bundled + MOGURA_TEMPLATE_DIR)",
    )
    .option("--dir <dir>", "check this directory of overrides instead of MOGURA_TEMPLATE_DIR")
    .action((opts: { dir?: string }, sub: Command) => {
      const dir = opts.dir ?? configOf(sub).notify.templateDir;
      try {
        const set = loadTemplates(dir);
        console.log(
          `ok: ${set.files().length} template files${dir ? ` (overrides from ${dir})` : ""}`,
        );
        for (const f of set.files()) console.log(`  ${f}`);
      } catch (e) {
        if (e instanceof TemplateError) throw new CliError(e.message, 3);
        throw e;
      }
    });
}
