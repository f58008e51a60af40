/** A URL with any password replaced by `***`, for messages, logs and the dashboard. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
