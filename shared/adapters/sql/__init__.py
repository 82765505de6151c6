"""The relational store: SQLAlchemy 2 Core on Azure SQL (mssql+pyodbc), PostgreSQL and SQLite."""
