import type { Command } from "commander";
import type { UserInfo } from "../../auth/users.ts";
import { Role } from "../../domain/roles.ts";
import { clientOf } from "../context.ts";
import { CliError, printTable } from "../output.ts";
import { promptHidden, readStdin } from "../prompt.ts";

async function askPassword(fromStdin?: boolean): Promise<string> {
  if (fromStdin) return readStdin();
  if (!process.stdin.isTTY)
    throw new CliError("no terminal to ask for the password: use --password-stdin", 2);
  const first = await promptHidden("New password (12 characters or more): ");
  const again = await promptHidden("Again: ");
  if (first !== again) throw new CliError("the two passwords differ", 2);
  return first;
}

/** `mogura user create|passwd|list`. */
export function userCommand(program: Command) {
  const cmd = program.command("user").description("manage people's accounts for the web UI");

  cmd
    .command("create")
    .description("create a user account")
    .argument("<username>")
    .option("--role <role>", `one of ${Role.options.join(", ")}`, "analyst")
    .option("--display-name <name>", "the name shown in the UI")
    .option("--password-stdin", "read the password from standard input")
    .action(
      async (
        username: string,
        opts: { role: string; displayName?: string; passwordStdin?: boolean },
        sub: Command,
      ) => {
        const client = clientOf(sub);
        const password = await askPassword(opts.passwordStdin);
        const u = await client.request<UserInfo>("POST", "/api/v1/users", {
          username,
          password,
          role: opts.role,
          display_name: opts.displayName,
        });
        console.log(`created user ${u.username} (${u.role})`);
      },
    );

  cmd
    .command("passwd")
    .description("set a user's password (ends the user's sessions)")
    .argument("<username>")
    .option("--password-stdin", "read the password from standard input")
    .action(async (username: string, opts: { passwordStdin?: boolean }, sub: Command) => {
      const client = clientOf(sub);
      const password = await askPassword(opts.passwordStdin);
      await client.request("POST", `/api/v1/users/${encodeURIComponent(username)}/password`, {
        password,
      });
      console.log(`password of ${username} changed`);
    });

  cmd
    .command("list")
    .description("list user accounts")
    .action(async (_o, sub: Command) => {
      const { items } = await clientOf(sub).request<{ items: UserInfo[] }>("GET", "/api/v1/users");
      printTable(items, ["username", "role", "display_name", "created_at", "disabled"]);
    });
}
