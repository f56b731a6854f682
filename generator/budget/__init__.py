"""预算 (budget) disclosures: the workbook's sheets, the model, its reader, the derived figures,
the 勾稽关系, the narrative's variables and the tables and charts. `kinds` registers it."""
