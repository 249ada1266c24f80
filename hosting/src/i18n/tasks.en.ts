/** English messages of tasks, the "Today" home page and the digest settings (see tasks.el.ts). */
const tasksEn = {
  today: {
    title: 'Today',
    intro: 'What needs doing now.',
    badge: '{count} tasks due or overdue',
    myTasks: 'My tasks',
    overdue: 'Overdue',
    dueToday: 'Today',
    thisWeek: 'This week',
    noTasks: 'Nothing due this week.',
    missedCalls: 'Missed calls not returned',
    noMissedCalls: 'Every missed call has been returned.',
    unassigned: 'Unassigned in the Inbox ({count})',
    noUnassigned: 'The Inbox is empty.',
    openInbox: 'Open the Inbox',
    awaitingReply: 'Messages awaiting a reply',
    noAwaitingReply: 'Every customer has had a reply.',
    overdueBalances: 'Customers with overdue balances',
    noOverdueBalances: 'No overdue balances.',
    balance: '{amount} overdue since {date}',
    call: 'Call',
    callNumber: 'Call {number}',
    reply: 'Reply',
    replyTo: 'Reply to {name}',
    open: 'Open',
    openCustomer: 'Open {name}',
    done: 'Done',
    doneLabel: 'Mark “{title}” done',
    completed: '“{title}” done.',
    unknownSender: 'Unknown sender',
    due: 'Due {when}',
  },
  tasks: {
    reason: {
      missed_call: 'Missed call from {address}',
      unanswered_message: 'No reply yet to {address}',
      payment_overdue: 'Payment of {order_number} was due on {due_date}',
      quote_follow_up: 'Quote {quote_number} has had no answer',
      quote_accepted_online: '{name} accepted quote {quote_number} online',
      quote_declined_online: '{name} declined quote {quote_number} online',
      service_due: 'Service due on {due_date}',
    },
    priority: { low: 'Low', normal: 'Normal', high: 'High' },
  },
  digest: {
    title: 'Daily e-mail of my tasks',
    help: 'Each morning, an e-mail listing your overdue tasks and those due that day (Athens time).',
    enabled: 'Send me the daily e-mail',
    time: 'Time',
    save: 'Save',
    saved: 'Saved.',
    noEmail: 'Your account has no e-mail address.',
  },
};

/** Titles of task events on a customer's timeline (`activity.task_<event>`). */
export const tasksActivityEn = {
  task_created: 'Task created: {title}',
  task_updated: 'Task changed: {title}',
  task_completed: 'Task done: {title}',
  task_cancelled: 'Task cancelled: {title}',
  task_reopened: 'Task reopened: {title}',
};

export default tasksEn;
