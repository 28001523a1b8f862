/**
 * The file `trackz init` writes: valid as written, every line explained, promising nothing that does
 * not exist yet. `schema` is how the config file reaches trackz's JSON Schema (see init.ts).
 */
export function starterConfig(workspace: string, schema?: string): string {
  return `${schema ? `# yaml-language-server: $schema=${schema}\n` : ''}# trackz configuration. Reference: trackz.config.example.yaml and the README.
# Check it with \`trackz validate\`, run it with \`trackz check\`.

workspace: ${workspace}

storage:
  path: .trackz/trackz.db        # SQLite file, relative to this file
  retention:
    results: 90d                 # raw results; older ones are kept as hourly roll-ups

defaults:
  interval: 60s                  # for trackz watch and trackz serve (coming); trackz check runs once per call
  timeout: 10s                   # time limit for one attempt
  retries: 0                     # extra attempts before a check counts as failed

monitors:
  # Is the site up, and fast enough?
  - name: homepage
    type: uptime
    url: https://example.com/
    expect:
      status: 2xx
      body: { contains: Example Domain }
      latency: { degraded: 800ms, down: 5s }
    tags: [web]

  # Is the certificate trusted, for the right host, and far from expiry?
  - name: homepage-cert
    type: ssl
    host: example.com
    expect:
      daysLeft: { degraded: 30, down: 7 }
    tags: [web]

  # Is a port open?
  # - name: database
  #   type: tcp
  #   host: db.internal
  #   port: 5432

# Third-party check types: a path relative to this file, or a package name.
# plugins: [./plugins-local/dns-check.js]

# Alerts, for \`trackz check --alert\` (e.g. from cron): one message per incident, one on recovery.
# alerts:
#   channels:
#     - { name: oncall, type: email, to: [ops@example.com], from: trackz@example.com,
#         smtp: { host: smtp.example.com, port: 587, user: "\${SMTP_USER}", pass: "\${SMTP_PASS}" } }
#     - { name: chat, type: webhook, url: "\${CHAT_WEBHOOK}", format: slack }
#   rules:
#     # degraded: true also sends DEGRADED (and its recovery): a certificate nearing expiry
#     # (fewer than expect.daysLeft.degraded days), a page slower than expect.latency.degraded.
#     - { monitors: ["*"], channels: [oncall, chat], failureThreshold: 2, degraded: true, remindEvery: 1h }

# Web activity from access logs, private by default (hashed visitors, Do-Not-Track honoured).
# sites:
#   - name: blog
#     logs: { path: /var/log/nginx/access.log*, format: combined }

# Device activity from ActivityWatch.
# agents:
#   - name: laptops
#     source: { type: activitywatch, url: http://127.0.0.1:5600 }
`;
}
